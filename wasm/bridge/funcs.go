//go:build js && wasm

package bridge

import (
	"errors"
	"sync/atomic"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// liveFuncs counts this package's JS callbacks that are not released: the
// exported functions (kept for the life of the module) and each call's
// Promise executor (released at once). Tests check that calls leave it
// unchanged.
var liveFuncs atomic.Int64

// panicHook, when a test sets it, runs at named points ("call:<name>" in
// the synchronous part of an exported function, "work:<name>" in a call's
// goroutine) so that the test can panic there. It is never set otherwise.
var panicHook func(where string)

func hook(where string) {
	if panicHook != nil {
		panicHook(where)
	}
}

// goFunc is the Go side of one exported JS function: a result, or an error
// for the glue to throw or reject with.
type goFunc func(this jsx.Value, args []jsx.Value) (any, error)

// export makes fn a JS function for the life of the Bridge, wrapped by the
// glue's "sync" (throws) or "async" (rejects) wrapper. A panic in fn is an
// internal error.
func (b *Bridge) export(wrap, name string, fn goFunc) (jsx.Value, error) {
	f := jsx.FuncOf(func(this jsx.Value, args []jsx.Value) (out any) {
		defer func() {
			if recover() != nil {
				out = b.failure(internalError())
			}
		}()
		hook("call:" + name)
		v, err := fn(this, args)
		if err != nil {
			return b.failure(err)
		}
		if v == nil {
			return jsx.Undefined()
		}
		return v
	})
	liveFuncs.Add(1)
	b.funcs = append(b.funcs, f)
	return b.glue.Call(wrap, f)
}

// failure is the glue's Fail for err, which its wrappers throw or reject.
func (b *Bridge) failure(err error) any {
	v, ferr := b.glue.Call("fail", b.jsError(err))
	if ferr != nil {
		return jsx.Undefined()
	}
	return v
}

func internalError() *machine.Error {
	return machine.NewError(machine.CodeInternal, 0, "internal error")
}

func invalid(detail string) *machine.Error {
	return machine.NewError(machine.CodeInvalidArgument, 0, detail)
}

func busyError() *machine.Error {
	return machine.NewError(machine.CodeBusy, 0, "another call is in flight")
}

// errJS is a broken JS environment (a missing global); it becomes an
// internal error.
var errJS = errors.New("bridge: JavaScript environment lacks a needed global")
