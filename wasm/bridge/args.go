//go:build js && wasm

package bridge

import (
	"errors"
	"math"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// get returns obj[key] for a value that JS code handed in. It goes through
// Reflect.get as a call, since syscall/js turns an exception thrown by a
// getter or a Proxy into an error only for calls: a plain property read
// would let it unwind through the Go program.
func get(obj jsx.Value, key any) (jsx.Value, error) {
	return jsReflect.Call("get", obj, key)
}

// jsReflect, jsArray and jsObject are globalThis.Reflect, Array and
// Object, which newBridge reads once, before any call can use them: every
// read from Go is a crossing into JS and a value with a finalizer, and the
// argument readers need them several times per call.
var jsReflect, jsArray, jsObject jsx.Value

// Argument readers. Each returns an invalid_argument error whose text names
// the argument and the rule it broke, never its value. An optional
// argument or field may be undefined or null.

// objectArg returns args[i] when it is a plain object (not null, not an
// array, not a function). ok is false when it is absent and optional.
func (b *Bridge) objectArg(args []jsx.Value, i int, name string, optional bool) (v jsx.Value, ok bool, err error) {
	if i >= len(args) || absent(args[i]) {
		if optional {
			return jsx.Undefined(), false, nil
		}
		return jsx.Undefined(), false, invalid(name + " is required")
	}
	v = args[i]
	if v.Type() != jsx.TypeObject || b.isArray(v) {
		return v, false, invalid(name + " must be an object")
	}
	return v, true, nil
}

// stringField reads obj[key]: a non-empty string of at most max bytes.
func stringField(obj jsx.Value, key string, max int, required bool) (string, bool, error) {
	v, present, err := field(obj, key, required)
	if err != nil || !present {
		return "", false, err
	}
	if v.Type() != jsx.TypeString {
		return "", false, invalid(key + " must be a string")
	}
	// A JS string's length counts UTF-16 units, never more than its UTF-8
	// bytes: a string too long here is too long, and is not copied.
	if n, err := jsLength(v); err != nil || n > max {
		return "", false, invalid(key + " is too long")
	}
	s, err := v.String()
	if err != nil {
		return "", false, invalid(key + " cannot be read")
	}
	if s == "" {
		return "", false, invalid(key + " must not be empty")
	}
	if len(s) > max {
		return "", false, invalid(key + " is too long")
	}
	return s, true, nil
}

// boolField reads obj[key]: a boolean.
func boolField(obj jsx.Value, key string) (bool, bool, error) {
	v, present, err := field(obj, key, false)
	if err != nil || !present {
		return false, false, err
	}
	if v.Type() != jsx.TypeBoolean {
		return false, false, invalid(key + " must be a boolean")
	}
	x, err := v.Bool()
	if err != nil {
		return false, false, invalid(key + " cannot be read")
	}
	return x, true, nil
}

// numberField reads obj[key]: a finite number in [min, max], an integer
// when integer is set.
func numberField(obj jsx.Value, key string, min, max float64, integer bool) (float64, bool, error) {
	v, present, err := field(obj, key, false)
	if err != nil || !present {
		return 0, false, err
	}
	return number(v, key, min, max, integer)
}

// numberArg reads args[i], a required number as numberField checks it.
func numberArg(args []jsx.Value, i int, name string, min, max float64, integer bool) (float64, error) {
	if i >= len(args) || absent(args[i]) {
		return 0, invalid(name + " is required")
	}
	x, _, err := number(args[i], name, min, max, integer)
	return x, err
}

func number(v jsx.Value, name string, min, max float64, integer bool) (float64, bool, error) {
	if v.Type() != jsx.TypeNumber {
		return 0, false, invalid(name + " must be a number")
	}
	x, err := v.Float()
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false, invalid(name + " must be a finite number")
	}
	if integer && x != math.Trunc(x) {
		return 0, false, invalid(name + " must be an integer")
	}
	if x < min || x > max {
		return 0, false, invalid(name + " is out of range")
	}
	return x, true, nil
}

// field returns obj[key]; present is false when it is undefined or null.
func field(obj jsx.Value, key string, required bool) (v jsx.Value, present bool, err error) {
	v, err = get(obj, key)
	if err != nil {
		return v, false, invalid(key + " cannot be read")
	}
	if absent(v) {
		if required {
			return v, false, invalid(key + " is required")
		}
		return v, false, nil
	}
	return v, true, nil
}

func absent(v jsx.Value) bool { return v.IsUndefined() || v.IsNull() }

func (b *Bridge) isArray(v jsx.Value) bool {
	r, err := jsArray.Call("isArray", v)
	if err != nil {
		return false
	}
	is, _ := r.Bool()
	return is
}

// jsLength is v.length for a string v, read from Object(v) since
// syscall/js reads properties of objects only.
func jsLength(v jsx.Value) (int, error) {
	boxed, err := jsObject.Invoke(v)
	if err != nil {
		return 0, err
	}
	n, err := boxed.Get("length")
	if err != nil {
		return 0, err
	}
	if n.Type() != jsx.TypeNumber {
		return 0, errors.New("length is not a number")
	}
	return n.Int()
}
