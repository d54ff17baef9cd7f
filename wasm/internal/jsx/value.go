//go:build js && wasm

package jsx

import "syscall/js"

// Value is a JS value whose operations return an error where syscall/js
// would panic: a JS exception, a property read on undefined, a call of
// something that is not a function. The module must not panic (a Go panic
// kills the instance), and every JS value it touches comes from the page.
//
// It replaces github.com/hack-pad/safejs, which did the same but wrapped
// each error with a stack trace formatted by fmt: fmt, and the half of
// reflect that it needs, were about 150 KB of orylogin.wasm's code for
// nothing else.
type Value struct{ v js.Value }

// Type is a JS value's type, as syscall/js tells it (null is TypeNull).
type Type = js.Type

// The JS types.
const (
	TypeUndefined = js.TypeUndefined
	TypeNull      = js.TypeNull
	TypeBoolean   = js.TypeBoolean
	TypeNumber    = js.TypeNumber
	TypeString    = js.TypeString
	TypeSymbol    = js.TypeSymbol
	TypeObject    = js.TypeObject
	TypeFunction  = js.TypeFunction
)

// Safe wraps a syscall/js value.
func Safe(v js.Value) Value { return Value{v} }

// Unsafe returns v's syscall/js value.
func Unsafe(v Value) js.Value { return v.v }

// Global returns the JS global object.
func Global() Value { return Value{js.Global()} }

// Null returns JS null.
func Null() Value { return Value{js.Null()} }

// Undefined returns JS undefined.
func Undefined() Value { return Value{js.Undefined()} }

// ValueOf returns x as a JS value (see js.ValueOf; a Value or a Func is
// itself).
func ValueOf(x any) (Value, error) {
	return try(func() Value { return Value{js.ValueOf(toJS(x))} })
}

// toJS unwraps this package's types for syscall/js, inside maps and slices too.
func toJS(x any) any {
	switch t := x.(type) {
	case Value:
		return t.v
	case Func:
		return t.f.Value
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = toJS(e)
		}
		return m
	case []any:
		return toJSAll(t)
	}
	return x
}

// toJSAll is toJS of each of args, in a new slice.
func toJSAll(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = toJS(a)
	}
	return out
}

// Type returns v's JS type.
func (v Value) Type() Type { return v.v.Type() }

// Equal reports v === w.
func (v Value) Equal(w Value) bool { return v.v.Equal(w.v) }

// IsUndefined reports whether v is undefined.
func (v Value) IsUndefined() bool { return v.v.IsUndefined() }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.v.IsNull() }

// IsNaN reports whether v is NaN.
func (v Value) IsNaN() bool { return v.v.IsNaN() }

// Get returns v[p].
func (v Value) Get(p string) (Value, error) {
	return try(func() Value { return Value{v.v.Get(p)} })
}

// Set does v[p] = x.
func (v Value) Set(p string, x any) error {
	x = toJS(x)
	return do(func() { v.v.Set(p, x) })
}

// Delete does delete v[p].
func (v Value) Delete(p string) error {
	return do(func() { v.v.Delete(p) })
}

// Index returns v[i].
func (v Value) Index(i int) (Value, error) {
	return try(func() Value { return Value{v.v.Index(i)} })
}

// Length returns v.length.
func (v Value) Length() (int, error) { return try(v.v.Length) }

// Call calls v[m](...args).
func (v Value) Call(m string, args ...any) (Value, error) {
	args = toJSAll(args)
	return try(func() Value { return Value{v.v.Call(m, args...)} })
}

// Invoke calls v(...args).
func (v Value) Invoke(args ...any) (Value, error) {
	args = toJSAll(args)
	return try(func() Value { return Value{v.v.Invoke(args...)} })
}

// New calls new v(...args).
func (v Value) New(args ...any) (Value, error) {
	args = toJSAll(args)
	return try(func() Value { return Value{v.v.New(args...)} })
}

// InstanceOf reports v instanceof t; t that is not a constructor is an
// error (JS would throw a TypeError).
func (v Value) InstanceOf(t Value) (bool, error) {
	if t.Type() != TypeFunction {
		return false, errNotConstructor
	}
	if p, err := t.Get("prototype"); err != nil || p.Type() != TypeObject {
		return false, errNotConstructor
	}
	return try(func() bool { return v.v.InstanceOf(t.v) })
}

// Bool returns v as a Go bool; v must be a JS boolean.
func (v Value) Bool() (bool, error) { return try(v.v.Bool) }

// Int returns v truncated to an int; v must be a JS number.
func (v Value) Int() (int, error) { return try(v.v.Int) }

// Float returns v as a float64; v must be a JS number.
func (v Value) Float() (float64, error) { return try(v.v.Float) }

// Truthy reports whether v is truthy in JS.
func (v Value) Truthy() (bool, error) { return try(v.v.Truthy) }

// String returns v as a Go string; for a value that is not a JS string,
// syscall/js's "<T>" or "<T: V>" form.
func (v Value) String() (string, error) { return try(v.v.String) }

// CopyBytesToGo copies src (a Uint8Array) into dst and returns how many
// bytes it copied.
func CopyBytesToGo(dst []byte, src Value) (int, error) {
	return try(func() int { return js.CopyBytesToGo(dst, src.v) })
}

// CopyBytesToJS copies src into dst (a Uint8Array) and returns how many
// bytes it copied.
func CopyBytesToJS(dst Value, src []byte) (int, error) {
	return try(func() int { return js.CopyBytesToJS(dst.v, src) })
}
