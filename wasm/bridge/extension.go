//go:build js && wasm

package bridge

import (
	"slices"

	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// Extension adds to the OryLogin object before New freezes it: package
// widget adds defineElement this way. It may use the Bridge's exported
// helpers below, which build on the same machinery as the JS API, so an
// extension never constructs clients or JS functions of its own kind.
type Extension func(b *Bridge, api jsx.Value) error

// GoFunc is the Go side of a function that Export makes: a result, or an
// error that the JS caller gets as a thrown OryLoginError (any error that
// is not a *machine.Error becomes code "internal").
type GoFunc = func(this jsx.Value, args []jsx.Value) (any, error)

// Export makes fn a synchronous JS function for the life of the Bridge,
// like the API's own: a panic in fn is recovered into an "internal"
// OryLoginError, which the function throws, as it does fn's error.
func (b *Bridge) Export(name string, fn GoFunc) (jsx.Value, error) {
	return b.export("sync", name, fn)
}

// Glue returns what web/orylogin.js handed to the module.
func (b *Bridge) Glue() jsx.Value { return b.glue }

// Client is a client NewClient built, seen from Go: its JS object (what
// element.client returns, whose methods the element calls) and its State
// in the contract's shape, without a round trip through JS.
type Client struct {
	// Value is the JS client object.
	Value jsx.Value
	c     *client
}

// NewClient builds a client exactly as OryLogin.newClient(options) does
// (same option checks, transport, offline Ory and events); a bad option is
// an invalid_argument *machine.Error.
func (b *Bridge) NewClient(options jsx.Value) (*Client, error) {
	obj, c, err := b.buildClient([]jsx.Value{options})
	if err != nil {
		return nil, err
	}
	return &Client{Value: obj, c: c}, nil
}

// State returns the client's State as JS reads client.state.
func (c *Client) State() contract.State { return contract.FromMachine(c.c.m.State()) }

// OnChange calls fn after every transition, as client.on("change") does,
// with the State and the JS value that JS listeners get (the element
// hands it on as its events' detail). It returns the unsubscribe function.
func (c *Client) OnChange(fn func(s contract.State, v jsx.Value)) (unsubscribe func()) {
	c.c.mu.Lock()
	c.c.nextID++
	id := c.c.nextID
	c.c.goFns = append(c.c.goFns, goListener{id: id, fn: fn})
	c.c.mu.Unlock()
	return func() {
		c.c.mu.Lock()
		defer c.c.mu.Unlock()
		c.c.goFns = slices.DeleteFunc(c.c.goFns, func(l goListener) bool { return l.id == id })
	}
}

// ErrorValue returns err as the JS OryLoginError that a rejected call
// carries.
func (b *Bridge) ErrorValue(err error) jsx.Value { return b.jsError(err) }
