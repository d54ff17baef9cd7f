//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits of what the proxy reads.
const (
	maxRequestBody  = 8 << 20
	maxUpstreamBody = 8 << 20
	// oversizedBytes is the size of the oversized answers: over the 1 MiB
	// that orylogin reads.
	oversizedBytes = 3 << 19
	// defaultHold is how long a "delay" fault holds a request when the rule
	// names no time (the client normally gives up long before).
	defaultHold = 60 * time.Second
)

// secretKeys are the JSON body keys whose presence the log reports (never
// their values): a body with one of them carries a secret.
var secretKeys = []string{"password", "code", "session_token", "totp_code", "lookup_secret"}

// entry is one request the proxy saw.
type entry struct {
	Seq    int    `json:"seq"`
	Method string `json:"method"`
	Path   string `json:"path"` // without the query (which may hold a flow id or a logout token)
	// Carries lists the secret keys of the JSON body ("password", "code",
	// "session_token") and "bearer" for an Authorization or X-Session-Token
	// header.
	Carries []string `json:"carries"`
	// BodyMethod is the body's "method" ("password", "code"); Resend is set
	// when the body asked for a new code.
	BodyMethod string `json:"bodyMethod,omitempty"`
	Resend     bool   `json:"resend,omitempty"`
	Origin     bool   `json:"origin"` // the request came with an Origin header
	Fault      string `json:"fault,omitempty"`
	// Status is what the client was sent: upstream's status, the fault's, or
	// 0 for a reset, an abandoned hold or an upstream failure.
	Status int  `json:"status"`
	Done   bool `json:"done"`
}

// proxy forwards to upstream and injects the armed faults.
type proxy struct {
	rp   *httputil.ReverseProxy
	done chan struct{} // closed by shutdown: held requests return

	mu          sync.Mutex
	upstream    *url.URL
	allowOrigin string
	stripOrigin bool
	rules       []*rule
	entries     []entry
	lastBody    map[string][]byte // the last JSON answer upstream gave per route, for truncated POSTs
	closed      bool
}

func newProxy() *proxy {
	p := &proxy{done: make(chan struct{}), lastBody: map[string][]byte{}}
	p.rp = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		ModifyResponse: p.modifyResponse,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			f := forwardOf(r.Context())
			p.finish(f.seq, 0)
			w.WriteHeader(http.StatusBadGateway) // no CORS: the browser sees a network error, as without a proxy
		},
	}
	return p
}

// setUpstream sets where requests go and which page origin the proxy's own
// answers allow.
func (p *proxy) setUpstream(raw, allowOrigin string) error {
	var u *url.URL
	if raw != "" {
		var err error
		u, err = url.Parse(strings.TrimRight(raw, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("upstream: want an http(s) URL, got %q", raw)
		}
	}
	if allowOrigin != "" {
		o, err := url.Parse(allowOrigin)
		if err != nil || o.Scheme == "" || o.Host == "" || (o.Path != "" && o.Path != "/") {
			return fmt.Errorf("allowOrigin: want an origin such as http://127.0.0.1:8080, got %q", allowOrigin)
		}
		allowOrigin = o.Scheme + "://" + o.Host
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if u != nil {
		p.upstream = u
	}
	if allowOrigin != "" {
		p.allowOrigin = allowOrigin
	}
	return nil
}

// shutdown releases every held request.
func (p *proxy) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.done)
	}
}

// ServeHTTP logs the request, then forwards it or answers with the fault
// of the first armed rule that matches it. Preflights (OPTIONS) are never
// faulted.
func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	r.Body.Close()
	if err != nil {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))

	p.mu.Lock()
	up, strip := p.upstream, p.stripOrigin
	p.mu.Unlock()

	seq := p.record(r, body)
	if r.Method == http.MethodOptions && strip {
		p.preflight(w, r)
		p.finish(seq, http.StatusNoContent)
		return
	}
	var ru *rule
	if r.Method != http.MethodOptions {
		ru = p.match(r)
	}
	if ru != nil {
		p.setFault(seq, ru.Fault)
	}
	if up == nil && (ru == nil || ru.forwards(r)) {
		p.finish(seq, http.StatusBadGateway)
		http.Error(w, "faultproxy: no upstream yet", http.StatusBadGateway)
		return
	}
	if ru == nil {
		p.forward(w, r, seq, nil)
		return
	}
	p.inject(w, r, seq, ru)
}

// record appends r to the log and returns its sequence number.
func (p *proxy) record(r *http.Request, body []byte) int {
	e := entry{Method: r.Method, Path: r.URL.Path, Carries: []string{}, Origin: r.Header.Get("Origin") != ""}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) == nil {
		for _, k := range secretKeys {
			if _, ok := obj[k]; ok {
				e.Carries = append(e.Carries, k)
			}
		}
		var m string
		if json.Unmarshal(obj["method"], &m) == nil {
			e.BodyMethod = m
		}
		_, e.Resend = obj["resend"]
	}
	if r.Header.Get("Authorization") != "" || r.Header.Get("X-Session-Token") != "" {
		e.Carries = append(e.Carries, "bearer")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	e.Seq = len(p.entries) + 1
	p.entries = append(p.entries, e)
	return e.Seq
}

func (p *proxy) setFault(seq int, fault string) {
	p.mu.Lock()
	p.entries[seq-1].Fault = fault
	p.mu.Unlock()
}

// finish records what the client of request seq was sent.
func (p *proxy) finish(seq, status int) {
	p.mu.Lock()
	p.entries[seq-1].Status, p.entries[seq-1].Done = status, true
	p.mu.Unlock()
}

// since returns the log after sequence number n, and the last number.
func (p *proxy) since(n int) ([]entry, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n = max(0, min(n, len(p.entries)))
	out := make([]entry, 0, len(p.entries)-n)
	for _, e := range p.entries[n:] {
		e.Carries = slices.Clone(e.Carries)
		out = append(out, e)
	}
	return out, len(p.entries)
}

// cors adds the CORS headers of an answer the proxy makes itself: the
// page's origin is allowed, with credentials.
func (p *proxy) cors(h http.Header, r *http.Request) { p.corsFor(h, r.Header.Get("Origin")) }

// corsFor adds the CORS headers for a request from origin.
func (p *proxy) corsFor(h http.Header, o string) {
	p.mu.Lock()
	allow := p.allowOrigin
	p.mu.Unlock()
	if o != "" && o == allow {
		h.Set("Access-Control-Allow-Origin", o)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Add("Vary", "Origin")
	}
}

// preflight answers a CORS preflight itself (strip mode, where upstream
// never sees an Origin).
func (p *proxy) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	p.cors(h, r)
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
	if want := r.Header.Get("Access-Control-Request-Headers"); want != "" {
		h.Set("Access-Control-Allow-Headers", want)
	}
	w.WriteHeader(http.StatusNoContent)
}

// answer writes an answer of the proxy's own, with CORS headers.
func (p *proxy) answer(w http.ResponseWriter, r *http.Request, seq, status int, contentType string, body []byte, extra map[string]string) {
	h := w.Header()
	p.cors(h, r)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	for k, v := range extra {
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
	p.finish(seq, status)
}

// forwardKey carries a forwarded request's log number and rule to the
// reverse proxy's hooks.
type forwardKey struct{}

type forwarding struct {
	seq    int
	rule   *rule // nil: pass the answer as it is
	strip  bool
	origin string // the browser's Origin (strip mode removes it from the outbound request)
}

func forwardOf(ctx context.Context) *forwarding {
	f, _ := ctx.Value(forwardKey{}).(*forwarding)
	if f == nil {
		return &forwarding{}
	}
	return f
}

// forward sends r upstream; ru, when set, transforms the answer.
func (p *proxy) forward(w http.ResponseWriter, r *http.Request, seq int, ru *rule) {
	p.mu.Lock()
	strip := p.stripOrigin
	p.mu.Unlock()
	f := &forwarding{seq: seq, rule: ru, strip: strip, origin: r.Header.Get("Origin")}
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), forwardKey{}, f)))
}

func (p *proxy) rewrite(pr *httputil.ProxyRequest) {
	p.mu.Lock()
	up := p.upstream
	p.mu.Unlock()
	pr.SetURL(up)
	// Let Go's transport negotiate compression, so that the hooks read
	// plain bodies.
	pr.Out.Header.Del("Accept-Encoding")
	if forwardOf(pr.In.Context()).strip {
		pr.Out.Header.Del("Origin")
		pr.Out.Header.Del("Cookie")
	}
}

// modifyResponse keeps the last JSON answer per route, applies the rule's
// transformation, fixes CORS in strip mode and logs the status.
func (p *proxy) modifyResponse(res *http.Response) error {
	f := forwardOf(res.Request.Context())
	body, err := io.ReadAll(io.LimitReader(res.Body, maxUpstreamBody))
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode < 500 && json.Valid(body) && len(body) > 0 {
		p.mu.Lock()
		p.lastBody[routeKey(res.Request)] = body
		p.mu.Unlock()
	}
	if f.rule != nil {
		body = f.rule.transform(body)
	}
	if f.strip {
		for k := range res.Header {
			if strings.HasPrefix(k, "Access-Control-") {
				res.Header.Del(k)
			}
		}
		p.corsFor(res.Header, f.origin)
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	res.ContentLength = int64(len(body))
	res.Header.Set("Content-Length", strconv.Itoa(len(body)))
	res.Header.Del("Content-Encoding")
	p.finish(f.seq, res.StatusCode)
	return nil
}

// routeKey names a route: method and path.
func routeKey(r *http.Request) string { return r.Method + " " + r.URL.Path }

// inject serves r with ru's fault.
func (p *proxy) inject(w http.ResponseWriter, r *http.Request, seq int, ru *rule) {
	jsonType := "application/json; charset=utf-8"
	switch ru.Fault {
	case faultStatus500:
		p.answer(w, r, seq, 500, jsonType, []byte(`{"error":{"code":500,"status":"Internal Server Error","message":"fault injected by faultproxy"}}`), nil)
	case faultStatus502:
		p.answer(w, r, seq, 502, "text/html", []byte("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"), nil)
	case faultStatus429:
		p.answer(w, r, seq, 429, jsonType, []byte(`{"error":{"code":429,"status":"Too Many Requests","message":"slow down"}}`), nil)
	case faultStatus429RetryAfter:
		ra := ru.RetryAfter
		if ra == "" {
			ra = "7"
		}
		// Retry-After is not a CORS-safelisted header: a page sees it only
		// when the server exposes it.
		p.answer(w, r, seq, 429, jsonType, []byte(`{"error":{"code":429,"status":"Too Many Requests","message":"slow down"}}`),
			map[string]string{"Retry-After": ra, "Access-Control-Expose-Headers": "Retry-After"})
	case faultNotJSON:
		p.answer(w, r, seq, 200, "text/html; charset=utf-8", []byte("<!doctype html><title>Maintenance</title><p>We'll be right back.</p>\n"), nil)
	case faultTruncated:
		// Not forwarded: Ory's state stays as the client believes it (a
		// POST that reached Ory would have used up a password or a code),
		// and a route whose real answer is empty (a 204) still gets a body
		// to cut.
		p.mu.Lock()
		real := p.lastBody[routeKey(r)]
		p.mu.Unlock()
		if real == nil {
			real = []byte(`{"id":"00000000-0000-4000-8000-000000000000","type":"browser","state":"choose_method","ui":{"action":"","method":"POST","nodes":[]}}`)
		}
		p.answer(w, r, seq, 200, jsonType, truncate(real), nil)
	case faultOversized, faultOversizedDeclared:
		p.oversized(w, r, seq, ru.Fault == faultOversizedDeclared)
	case faultReset:
		p.reset(w, seq)
	case faultDelay:
		p.hold(w, r, seq, ru)
	case faultInject:
		p.forward(w, r, seq, ru)
	default:
		p.answer(w, r, seq, 500, "text/plain", []byte("faultproxy: unknown fault\n"), nil)
	}
}

// truncate cuts a body in half.
func truncate(b []byte) []byte { return slices.Clone(b[:len(b)/2]) }

// oversized sends a well-formed JSON flow of oversizedBytes, streamed in
// chunks without a Content-Length, or with one when declared is set.
func (p *proxy) oversized(w http.ResponseWriter, r *http.Request, seq int, declared bool) {
	head := []byte(`{"id":"00000000-0000-4000-8000-000000000000","type":"browser","state":"choose_method","ui":{"action":"","method":"POST","nodes":[],"messages":[{"id":1,"type":"info","text":"`)
	tail := []byte(`"}]}}`)
	fill := oversizedBytes - len(head) - len(tail)
	h := w.Header()
	p.cors(h, r)
	h.Set("Content-Type", "application/json; charset=utf-8")
	if declared {
		h.Set("Content-Length", strconv.Itoa(oversizedBytes))
	}
	w.WriteHeader(200)
	p.finish(seq, 200)
	flusher, _ := w.(http.Flusher)
	w.Write(head)
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	for fill > 0 {
		n := min(fill, len(chunk))
		if _, err := w.Write(chunk[:n]); err != nil {
			return // the client stopped reading: it has enough
		}
		if flusher != nil {
			flusher.Flush()
		}
		fill -= n
	}
	w.Write(tail)
}

// reset closes the connection with a TCP RST instead of an answer.
func (p *proxy) reset(w http.ResponseWriter, seq int) {
	p.finish(seq, 0)
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // close sends RST, not FIN
	}
	conn.Close()
}

// hold keeps r waiting for the rule's time (the client's timeout should
// end it first), then forwards it (rule.Forward) or answers 504. A request
// whose client went away is never forwarded.
func (p *proxy) hold(w http.ResponseWriter, r *http.Request, seq int, ru *rule) {
	d := defaultHold
	if ru.HoldMs > 0 {
		d = time.Duration(ru.HoldMs) * time.Millisecond
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		p.finish(seq, 0)
		return
	case <-p.done:
		p.finish(seq, 0)
		return
	case <-t.C:
	}
	if ru.Forward {
		p.forward(w, r, seq, nil)
		return
	}
	p.answer(w, r, seq, http.StatusGatewayTimeout, "text/plain", []byte("faultproxy: held\n"), nil)
}
