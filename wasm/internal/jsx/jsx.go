//go:build js && wasm

// Package jsx is the module's one way to JS: Value, syscall/js's values
// with errors where syscall/js panics (value.go), Func, and the few
// helpers that the bridge and the element both need: constructing a global
// class, a plain object, a one-element array, reading a JS string. A
// missing global is an error, never a panic.
package jsx

import "errors"

// Construct calls the global constructor name with args (new name(...)).
func Construct(name string, args ...any) (Value, error) {
	c, err := Global().Get(name)
	if err != nil {
		return Undefined(), err
	}
	if c.Type() != TypeFunction {
		return Undefined(), errors.New(name + " is not available")
	}
	return c.New(args...)
}

// NewObject returns a new empty JS object.
func NewObject() (Value, error) { return Construct("Object") }

// ArrayOf returns the JS array [v].
func ArrayOf(v Value) (Value, error) {
	ctor, err := Global().Get("Array")
	if err != nil {
		return ctor, err
	}
	return ctor.Call("of", v)
}

// StringOf returns v as a Go string, "" unless it is a JS string (or err is
// set), for reading optional properties.
func StringOf(v Value, err error) string {
	if err != nil || v.Type() != TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}
