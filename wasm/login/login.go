// Package login is the one place that wires orylogin together: a transport,
// the Ory adapter over it and the state machine over the adapter, from one
// Options struct checked once. The JS bridge, cmd/restguide and the tests
// all build their clients here, so an option means the same everywhere and
// its checks (flow kind, base URL, timeout) are written once.
//
// It is plain Go: no syscall/js. The transport is the caller's choice
// (fetch in the browser and Node, net/http on the host, the offline Ory, a
// replayed transcript).
package login

import (
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Limits of the options.
const (
	// DefaultTimeout bounds each request to Ory when Options.Timeout is 0.
	DefaultTimeout = ory.DefaultTimeout
	// MaxTimeout is the longest per-request timeout accepted: a step that
	// waits longer looks hung to the person.
	MaxTimeout = 120 * time.Second
	// MaxBaseURLLen caps the base URL, as browsers cap URLs in practice.
	MaxBaseURLLen = 2048
)

// Options are everything a login client is made of.
type Options struct {
	// BaseURL is Ory's public URL: an Ory Network project, a Kratos public
	// endpoint or a same-origin proxy of either. http:// only for loopback
	// unless AllowInsecure.
	BaseURL string
	// Flow is Ory's flow kind: machine.FlowBrowser (cookies, csrf_token)
	// or machine.FlowAPI (a session token held in memory).
	Flow machine.FlowKind
	// Transport carries the requests; required.
	Transport transport.Transport
	// Timeout bounds each request; 0 means DefaultTimeout.
	Timeout time.Duration
	// AllowInsecure accepts plain http:// for hosts other than loopback.
	AllowInsecure bool
	// OnExchange, if set, receives each HTTP exchange, masked (see
	// ory.PendingExchange).
	OnExchange func(ory.PendingExchange)
	// OnChange, if set, receives the State after every transition.
	OnChange func(machine.State)
	// Now is the machine's clock; nil means time.Now.
	Now func() time.Time
	// Authenticator is the platform's WebAuthn (passkeys, security keys);
	// nil where there is none.
	Authenticator machine.Authenticator
}

// New checks o and builds one person's login: the machine over the adapter
// over o.Transport. A bad option is a *machine.Error with
// CodeInvalidArgument whose text names the option; nothing is sent.
func New(o Options) (*machine.Machine, error) {
	if len(o.BaseURL) > MaxBaseURLLen {
		return nil, invalid("baseURL is too long")
	}
	if o.Timeout < 0 || o.Timeout > MaxTimeout {
		return nil, invalid("timeout must not be negative nor over 120 s")
	}
	a, err := ory.New(ory.Config{
		BaseURL: o.BaseURL, Kind: o.Flow, Transport: o.Transport, Timeout: o.Timeout,
		AllowInsecure: o.AllowInsecure, OnExchange: o.OnExchange,
	})
	if err != nil {
		return nil, err
	}
	return machine.New(machine.Options{Ory: a, Now: o.Now, OnChange: o.OnChange, Authenticator: o.Authenticator}), nil
}

func invalid(detail string) *machine.Error {
	return machine.NewError(machine.CodeInvalidArgument, 0, detail)
}
