//go:build js && wasm

package bridge

import (
	"sync"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
)

// OfflineBaseURL is where offline clients believe Ory is; the name
// cannot resolve (.invalid), and no request ever leaves the module.
const OfflineBaseURL = "http://offline.orylogin.invalid"

// client is one newClient: a machine, its adapter's exchange log, the
// call in flight and the "change" listeners.
type client struct {
	m        *machine.Machine
	inModule bool // an offline client: its Ory answers inside the module

	mu        sync.Mutex
	inFlight  bool
	pending   *machine.State        // set by OnChange during a call
	exchanges []ory.PendingExchange // masked when exchanges() reads them
	listeners []listener
	goFns     []goListener // Go-level "change" listeners (Client.OnChange)
	nextID    int
}

// newClient implements OryLogin.newClient(options): it reads the options
// from JS, has package login check them and build the client, and returns
// the client object whose methods are the exported ones bound to the
// client's handle.
func (b *Bridge) newClient(_ jsx.Value, args []jsx.Value) (any, error) {
	obj, _, err := b.buildClient(args)
	return obj, err
}

// buildClient is newClient that also returns the Go client.
func (b *Bridge) buildClient(args []jsx.Value) (jsx.Value, *client, error) {
	o, err := b.clientOptions(args)
	if err != nil {
		return jsx.Undefined(), nil, err
	}
	c := &client{inModule: o.BaseURL == OfflineBaseURL}
	o.OnExchange, o.OnChange = c.logExchange, c.changed
	if c.m, err = login.New(o); err != nil {
		return jsx.Undefined(), nil, err
	}

	b.mu.Lock()
	b.nextID++
	handle := b.nextID
	b.clients[handle] = c
	b.mu.Unlock()

	obj, err := b.clientObject(handle)
	if err != nil {
		b.mu.Lock()
		delete(b.clients, handle)
		b.mu.Unlock()
		return jsx.Undefined(), nil, err
	}
	return obj, c, nil
}

// clientOptions reads newClient's options from JS into login.Options:
// the JS concerns only (types, the default flow kind by whether there is a
// document, offline meaning the module's own Ory); package login checks
// the values.
func (b *Bridge) clientOptions(args []jsx.Value) (login.Options, error) {
	o := login.Options{Flow: machine.FlowAPI, Authenticator: b.authenticatorOf()}
	if doc, err := jsx.Global().Get("document"); err == nil && !doc.IsUndefined() {
		o.Flow = machine.FlowBrowser
	}
	obj, _, err := b.objectArg(args, 0, "options", false)
	if err != nil {
		return o, err
	}
	offline, _, err := boolField(obj, "offline")
	if err != nil {
		return o, err
	}
	if offline {
		ory := b.offlineOry()
		if ory == nil {
			return o, invalid("this build of orylogin has no offline Ory: load({ offline: true }) loads orylogin-offline.wasm, which has")
		}
		o.Transport, o.BaseURL = ory, OfflineBaseURL
	} else {
		o.Transport = newTransport(b.glue)
		if o.BaseURL, _, err = stringField(obj, "baseURL", login.MaxBaseURLLen, true); err != nil {
			return o, err
		}
	}
	flow, ok, err := stringField(obj, "flow", 16, false)
	if err != nil {
		return o, err
	}
	if ok {
		o.Flow = machine.FlowKind(flow)
	}
	ms, ok, err := numberField(obj, "timeoutMs", 1, float64(login.MaxTimeout/time.Millisecond), true)
	if err != nil {
		return o, err
	}
	if ok {
		o.Timeout = time.Duration(ms) * time.Millisecond
	}
	if o.AllowInsecure, _, err = boolField(obj, "allowInsecure"); err != nil {
		return o, err
	}
	if offline {
		o.AllowInsecure = true // the offline Ory's made-up http URL
	}
	return o, nil
}

// clientObject builds the JS client for handle: each method and the state
// getter bound to (client object, handle), frozen, and registered so that
// the Go side is forgotten once JS drops the object. Go keeps no reference
// to the object itself.
func (b *Bridge) clientObject(handle int) (jsx.Value, error) {
	obj, err := jsx.NewObject()
	if err != nil {
		return obj, err
	}
	for name, fn := range b.methods {
		bound, err := fn.Call("bind", obj, handle)
		if err != nil {
			return obj, err
		}
		if err := obj.Set(name, bound); err != nil {
			return obj, err
		}
	}
	getter, err := b.stateGetter.Call("bind", obj, handle)
	if err != nil {
		return obj, err
	}
	if err := b.defineGetter(obj, "state", getter); err != nil {
		return obj, err
	}
	if !b.registry.IsUndefined() {
		if _, err := b.registry.Call("register", obj, handle); err != nil {
			return obj, err
		}
	}
	return b.freeze(obj)
}

// clientOf returns the client whose handle is args[0] (bound by
// clientObject), the handle, and the caller's arguments after it.
func (b *Bridge) clientOf(args []jsx.Value) (*client, int, []jsx.Value, error) {
	if len(args) == 0 || args[0].Type() != jsx.TypeNumber {
		return nil, 0, nil, internalError()
	}
	h, err := args[0].Int()
	if err != nil {
		return nil, 0, nil, internalError()
	}
	b.mu.Lock()
	c := b.clients[h]
	b.mu.Unlock()
	if c == nil {
		return nil, 0, nil, internalError()
	}
	return c, h, args[1:], nil
}

// forget is the FinalizationRegistry's callback: JS dropped the client
// whose handle is args[0].
func (b *Bridge) forget(_ jsx.Value, args []jsx.Value) (any, error) {
	if len(args) > 0 && args[0].Type() == jsx.TypeNumber {
		if h, err := args[0].Int(); err == nil {
			b.mu.Lock()
			delete(b.clients, h)
			b.mu.Unlock()
		}
	}
	return nil, nil
}

// logExchange is the adapter's OnExchange.
func (c *client) logExchange(x ory.PendingExchange) {
	c.mu.Lock()
	c.exchanges = append(c.exchanges, x)
	c.mu.Unlock()
}

// changed is the machine's OnChange: it keeps the state for the listeners,
// which run once the call is no longer in flight.
func (c *client) changed(s machine.State) {
	c.mu.Lock()
	c.pending = &s
	c.mu.Unlock()
}

// acquire marks a call in flight; it returns false when another call is
// in flight.
func (c *client) acquire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inFlight {
		return false
	}
	c.inFlight = true
	return true
}

// begin starts the acquired call's work: a new exchange log, no state to
// announce yet.
func (c *client) begin() {
	c.mu.Lock()
	c.pending, c.exchanges = nil, nil
	c.mu.Unlock()
}

// finish ends the call in flight and returns the state to announce, if the
// call changed it. It may be called more than once.
func (c *client) finish() *machine.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight = false
	s := c.pending
	c.pending = nil
	return s
}
