//go:build js && wasm

// Package jsx holds the few JS helpers that the bridge and the element both
// need, once: constructing a global class, a plain object, a one-element
// array, reading a JS string. Every call goes through safejs, so a missing
// global is an error, never a panic.
package jsx

import (
	"fmt"

	"github.com/hack-pad/safejs"
)

// Construct calls the global constructor name with args (new name(...)).
func Construct(name string, args ...any) (safejs.Value, error) {
	c, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined(), err
	}
	if c.Type() != safejs.TypeFunction {
		return safejs.Undefined(), fmt.Errorf("%s is not available", name)
	}
	return c.New(args...)
}

// NewObject returns a new empty JS object.
func NewObject() (safejs.Value, error) { return Construct("Object") }

// ArrayOf returns the JS array [v].
func ArrayOf(v safejs.Value) (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Array")
	if err != nil {
		return ctor, err
	}
	return ctor.Call("of", v)
}

// StringOf returns v as a Go string, "" unless it is a JS string (or err is
// set), for reading optional properties.
func StringOf(v safejs.Value, err error) string {
	if err != nil || v.Type() != safejs.TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}
