//go:build js && wasm

package bridge

import (
	"errors"
	"math"

	"github.com/hack-pad/safejs"
)

// get returns obj[key] for a value that JS code handed in. It goes through
// Reflect.get as a call, since syscall/js turns an exception thrown by a
// getter or a Proxy into an error only for calls: a plain property read
// would let it unwind through the Go program.
func get(obj safejs.Value, key any) (safejs.Value, error) {
	reflect, err := safejs.Global().Get("Reflect")
	if err != nil {
		return reflect, err
	}
	return reflect.Call("get", obj, key)
}

// Argument readers. Each returns an invalid_argument error whose text names
// the argument and the rule it broke, never its value. An optional
// argument or field may be undefined or null.

// objectArg returns args[i] when it is a plain object (not null, not an
// array, not a function). ok is false when it is absent and optional.
func (b *Bridge) objectArg(args []safejs.Value, i int, name string, optional bool) (v safejs.Value, ok bool, err error) {
	if i >= len(args) || absent(args[i]) {
		if optional {
			return safejs.Undefined(), false, nil
		}
		return safejs.Undefined(), false, invalid(name + " is required")
	}
	v = args[i]
	if v.Type() != safejs.TypeObject || b.isArray(v) {
		return v, false, invalid(name + " must be an object")
	}
	return v, true, nil
}

// stringField reads obj[key]: a non-empty string of at most max bytes.
func stringField(obj safejs.Value, key string, max int, required bool) (string, bool, error) {
	v, present, err := field(obj, key, required)
	if err != nil || !present {
		return "", false, err
	}
	if v.Type() != safejs.TypeString {
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
func boolField(obj safejs.Value, key string) (bool, bool, error) {
	v, present, err := field(obj, key, false)
	if err != nil || !present {
		return false, false, err
	}
	if v.Type() != safejs.TypeBoolean {
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
func numberField(obj safejs.Value, key string, min, max float64, integer bool) (float64, bool, error) {
	v, present, err := field(obj, key, false)
	if err != nil || !present {
		return 0, false, err
	}
	return number(v, key, min, max, integer)
}

// numberArg reads args[i], a required number as numberField checks it.
func numberArg(args []safejs.Value, i int, name string, min, max float64, integer bool) (float64, error) {
	if i >= len(args) || absent(args[i]) {
		return 0, invalid(name + " is required")
	}
	x, _, err := number(args[i], name, min, max, integer)
	return x, err
}

func number(v safejs.Value, name string, min, max float64, integer bool) (float64, bool, error) {
	if v.Type() != safejs.TypeNumber {
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
func field(obj safejs.Value, key string, required bool) (v safejs.Value, present bool, err error) {
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

func absent(v safejs.Value) bool { return v.IsUndefined() || v.IsNull() }

func (b *Bridge) isArray(v safejs.Value) bool {
	array, err := safejs.Global().Get("Array")
	if err != nil {
		return false
	}
	r, err := array.Call("isArray", v)
	if err != nil {
		return false
	}
	is, _ := r.Bool()
	return is
}

// jsLength is v.length for a string v, read from Object(v) since
// syscall/js reads properties of objects only.
func jsLength(v safejs.Value) (int, error) {
	ctor, err := safejs.Global().Get("Object")
	if err != nil {
		return 0, err
	}
	boxed, err := ctor.Invoke(v)
	if err != nil {
		return 0, err
	}
	n, err := boxed.Get("length")
	if err != nil {
		return 0, err
	}
	if n.Type() != safejs.TypeNumber {
		return 0, errors.New("length is not a number")
	}
	return n.Int()
}
