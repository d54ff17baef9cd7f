//go:build js && wasm

package jsx

import (
	"errors"
	"syscall/js"
)

// errNotConstructor is InstanceOf's error for a right-hand side that is not
// a constructor.
var errNotConstructor = errors.New("instanceof: not a constructor")

// try runs f and returns what it returned, or, when it panicked, the
// panic as an error: a JS exception as a js.Error (errors.As finds it), a
// syscall/js misuse (a *js.ValueError, a runtime error) as the error it
// is.
func try[T any](f func() T) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return f(), nil
}

// do is try for an f without a result.
func do(f func()) error {
	_, err := try(func() struct{} { f(); return struct{}{} })
	return err
}

// panicError is the error for the panic value r.
func panicError(r any) error {
	switch t := r.(type) {
	case error:
		return t
	case js.Value:
		return js.Error{Value: t}
	case string:
		return errors.New(t)
	}
	return errors.New("panic in syscall/js")
}
