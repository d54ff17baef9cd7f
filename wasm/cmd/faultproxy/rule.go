//go:build !js

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// Faults a rule can inject.
const (
	faultStatus500           = "500"                // 500 with Ory's error envelope
	faultStatus502           = "502"                // 502 with an HTML page, as a gateway sends
	faultStatus429           = "429"                // 429 without Retry-After
	faultStatus429RetryAfter = "429-retry-after"    // 429 with Retry-After (exposed to the page through CORS)
	faultTruncated           = "truncated"          // the route's last real JSON answer, cut in half (the request is not forwarded)
	faultNotJSON             = "not-json"           // 200 with an HTML body
	faultOversized           = "oversized"          // 200 with 1.5 MiB of JSON, streamed without Content-Length
	faultOversizedDeclared   = "oversized-declared" // the same with its Content-Length
	faultReset               = "reset"              // the connection is reset (TCP RST), no answer
	faultDelay               = "delay"              // no answer for holdMs (then 504, or forwarded with forward)
	faultInject              = "inject"             // the real answer with messages and nodes added to its ui
)

// faults lists every fault, for checking rules.
var faults = []string{
	faultStatus500, faultStatus502, faultStatus429, faultStatus429RetryAfter, faultTruncated, faultNotJSON,
	faultOversized, faultOversizedDeclared, faultReset, faultDelay, faultInject,
}

// rule arms a fault for matching requests.
type rule struct {
	Fault  string `json:"fault"`
	Method string `json:"method,omitempty"` // "" any (OPTIONS never)
	Path   string `json:"path,omitempty"`   // "" any, else the exact path
	// Skip lets this many matching requests pass before the fault applies.
	Skip int `json:"skip,omitempty"`
	// Times is how many requests get the fault: 0 means 1, -1 every one
	// until /disarm.
	Times      int               `json:"times,omitempty"`
	HoldMs     int               `json:"holdMs,omitempty"`     // delay: how long to hold
	Forward    bool              `json:"forward,omitempty"`    // delay: forward once held
	RetryAfter string            `json:"retryAfter,omitempty"` // 429-retry-after: the header's value (default 7)
	Messages   []json.RawMessage `json:"messages,omitempty"`   // inject: added to ui.messages
	Nodes      []json.RawMessage `json:"nodes,omitempty"`      // inject: added to ui.nodes

	used int
}

// check validates a rule from the control API.
func (ru *rule) check() error {
	if !slices.Contains(faults, ru.Fault) {
		return fmt.Errorf("fault %q: want one of %v", ru.Fault, faults)
	}
	if ru.Skip < 0 || ru.Times < -1 || ru.HoldMs < 0 {
		return fmt.Errorf("skip, times and holdMs must not be negative (times may be -1)")
	}
	for _, raw := range append(slices.Clone(ru.Messages), ru.Nodes...) {
		if !json.Valid(raw) || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			return fmt.Errorf("messages and nodes must be JSON objects")
		}
	}
	return nil
}

// forwards says whether the fault sends r upstream.
func (ru *rule) forwards(r *http.Request) bool {
	switch ru.Fault {
	case faultInject:
		return true
	case faultDelay:
		return ru.Forward
	}
	return false
}

// transform changes a forwarded answer's body.
func (ru *rule) transform(body []byte) []byte {
	if ru.Fault == faultInject {
		return ru.injectUI(body)
	}
	return body
}

// injectUI adds the rule's messages and nodes to the body's ui; a body
// without a ui object is left as it is.
func (ru *rule) injectUI(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v map[string]any
	if dec.Decode(&v) != nil {
		return body
	}
	ui, ok := v["ui"].(map[string]any)
	if !ok {
		return body
	}
	add := func(key string, raws []json.RawMessage) {
		if len(raws) == 0 {
			return
		}
		list, _ := ui[key].([]any)
		for _, raw := range raws {
			var x any
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			if d.Decode(&x) == nil {
				list = append(list, x)
			}
		}
		ui[key] = list
	}
	add("messages", ru.Messages)
	add("nodes", ru.Nodes)
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

// match returns the first armed rule that applies to r and counts its
// use; a rule used up is disarmed.
func (p *proxy) match(r *http.Request) *rule {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, ru := range p.rules {
		if (ru.Method != "" && ru.Method != r.Method) || (ru.Path != "" && ru.Path != r.URL.Path) {
			continue
		}
		if ru.Skip > 0 {
			ru.Skip--
			continue
		}
		ru.used++
		if ru.Times != -1 && ru.used >= max(ru.Times, 1) {
			p.rules = slices.Delete(p.rules, i, i+1)
		}
		return ru
	}
	return nil
}

// arm adds a checked rule.
func (p *proxy) arm(ru *rule) error {
	if err := ru.check(); err != nil {
		return err
	}
	p.mu.Lock()
	p.rules = append(p.rules, ru)
	p.mu.Unlock()
	return nil
}

// disarm forgets every rule and returns how many were still armed.
func (p *proxy) disarm() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.rules)
	p.rules = nil
	return n
}
