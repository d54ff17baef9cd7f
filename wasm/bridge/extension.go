//go:build js && wasm

package bridge

import "github.com/hack-pad/safejs"

// Extension adds to the OryLogin object before New freezes it: package
// widget adds defineElement this way. It may use the Bridge's exported
// helpers below, which build on the same machinery as the JS API, so an
// extension never constructs clients or JS functions of its own kind.
type Extension func(b *Bridge, api safejs.Value) error

// GoFunc is the Go side of a function that Export makes: a result, or an
// error that the JS caller gets as a thrown OryLoginError (any error that
// is not a *machine.Error becomes code "internal").
type GoFunc = func(this safejs.Value, args []safejs.Value) (any, error)

// Export makes fn a synchronous JS function for the life of the Bridge,
// like the API's own: a panic in fn is recovered into an "internal"
// OryLoginError, which the function throws, as it does fn's error.
func (b *Bridge) Export(name string, fn GoFunc) (safejs.Value, error) {
	return b.export("sync", name, fn)
}

// Glue returns what web/orylogin.js handed to the module.
func (b *Bridge) Glue() safejs.Value { return b.glue }

// NewClient builds a client exactly as OryLogin.newClient(options) does
// (same option checks, transport, offline Ory and events) and returns its
// JS object; a bad option is an invalid_argument *machine.Error.
func (b *Bridge) NewClient(options safejs.Value) (safejs.Value, error) {
	v, err := b.newClient(safejs.Undefined(), []safejs.Value{options})
	if err != nil {
		return safejs.Undefined(), err
	}
	obj, ok := v.(safejs.Value)
	if !ok {
		return safejs.Undefined(), internalError()
	}
	return obj, nil
}

// ErrorValue returns err as the JS OryLoginError that a rejected call
// carries.
func (b *Bridge) ErrorValue(err error) safejs.Value { return b.jsError(err) }
