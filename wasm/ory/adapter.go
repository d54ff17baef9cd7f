// Package ory is orylogin's Ory adapter: it speaks Ory's self-service login
// API for both flow kinds (Kratos v1.3.1 and v26) and implements
// machine.Ory. Request bodies are client-go's typed models; answers are
// decoded with lean types of its own (answer.go) and classified by one pure
// function (classify.go), with client-go's models as the host-only oracle. Bytes go through a transport.Transport, so the same adapter
// runs over fetch (wasm), net/http (host tests), the offline Ory or a
// recorded transcript. It never touches client-go's APIClient, which would
// link net/http's Transport and TLS into the wasm.
package ory

import (
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"sync"
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// DefaultTimeout is the per-request timeout when Config.Timeout is 0.
const DefaultTimeout = 15 * time.Second

// Config configures an Adapter.
type Config struct {
	// BaseURL is Ory's public URL: an Ory Network project URL, a Kratos
	// public URL, or a same-origin proxy of either.
	BaseURL   string
	Kind      machine.FlowKind
	Transport transport.Transport
	// Timeout bounds each request; 0 means DefaultTimeout.
	Timeout time.Duration
	// AllowInsecure accepts plain http:// for hosts other than loopback.
	AllowInsecure bool
	// OnExchange, if set, is called after each HTTP exchange. Its request
	// side is masked already; Ory's answer is masked when the exchange is
	// read (PendingExchange.Exchange), since most are never looked at.
	OnExchange func(PendingExchange)
}

// Adapter implements machine.Ory over a transport. In the API flow it holds
// the session token, in memory only; in the browser flow the session is a
// cookie it never sees.
type Adapter struct {
	base       string
	kind       machine.FlowKind
	tr         transport.Transport
	timeout    time.Duration
	onExchange func(PendingExchange)

	mu    sync.Mutex
	token string
}

// New checks c and returns an Adapter. A bad BaseURL, kind or transport is
// an *machine.Error with CodeInvalidArgument.
func New(c Config) (*Adapter, error) {
	base, err := checkBaseURL(c.BaseURL, c.AllowInsecure)
	if err != nil {
		return nil, err
	}
	if c.Kind != machine.FlowBrowser && c.Kind != machine.FlowAPI {
		return nil, machine.NewError(machine.CodeInvalidArgument, 0, `flow must be "browser" or "api"`)
	}
	if c.Transport == nil {
		return nil, machine.NewError(machine.CodeInvalidArgument, 0, "no transport")
	}
	if c.Timeout < 0 {
		return nil, machine.NewError(machine.CodeInvalidArgument, 0, "timeout must not be negative")
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	return &Adapter{base: base, kind: c.Kind, tr: c.Transport, timeout: c.Timeout,
		onExchange: c.OnExchange}, nil
}

// checkBaseURL accepts http(s) URLs without query, fragment or credentials;
// plain http only for loopback unless allowInsecure. It returns the URL
// without a trailing slash.
func checkBaseURL(raw string, allowInsecure bool) (string, error) {
	bad := func(detail string) error { return machine.NewError(machine.CodeInvalidArgument, 0, detail) }
	if raw == "" || len(raw) > 2048 {
		return "", bad("baseURL must be an http(s) URL")
	}
	u, err := weburl.ParseBase(raw)
	if err == weburl.ErrExtras {
		return "", bad("baseURL must not carry credentials, a query or a fragment")
	}
	if err != nil {
		return "", bad("baseURL must be an http(s) URL")
	}
	if u.Scheme == "http" && !allowInsecure && !weburl.IsLoopback(u.Host) {
		return "", bad("plain http is allowed only for loopback hosts unless allowInsecure is set")
	}
	return u.String(), nil
}

// Kind implements machine.Ory.
func (a *Adapter) Kind() machine.FlowKind { return a.kind }

// sessionToken returns the API flow's token, "" when there is none.
func (a *Adapter) sessionToken() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.token
}

func (a *Adapter) setToken(t string) {
	a.mu.Lock()
	a.token = t
	a.mu.Unlock()
}

// reply is what classify reads of res.
func (a *Adapter) reply(res *transport.Response, sent *machine.Flow, creating bool) reply {
	return reply{status: res.Status, location: res.Header["location"], body: res.Body,
		creating: creating, sent: sent, kind: a.kind}
}

// settle applies o's change to the session token and returns o.
func (a *Adapter) settle(o outcome) outcome {
	switch o.token {
	case tokenSet:
		a.setToken(o.newToken)
	case tokenDrop:
		a.setToken("")
	}
	return o
}
