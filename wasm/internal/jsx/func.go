//go:build js && wasm

package jsx

import "syscall/js"

// Func is a Go function that JS can call; Release it when JS no longer
// will.
type Func struct{ f js.Func }

// FuncOf returns fn as a JS function. fn's this and arguments come as
// Values, its result goes to JS as ValueOf would make it. Unlike the other
// calls it cannot fail: syscall/js only records fn.
func FuncOf(fn func(this Value, args []Value) any) Func {
	f := js.FuncOf(func(this js.Value, args []js.Value) any {
		vs := make([]Value, len(args))
		for i, a := range args {
			vs[i] = Value{a}
		}
		return toJS(fn(Value{this}, vs))
	})
	return Func{f}
}

// Release frees the function; JS must not call it afterwards.
func (f Func) Release() { f.f.Release() }

// Value returns the function as a JS value.
func (f Func) Value() Value { return Value{f.f.Value} }
