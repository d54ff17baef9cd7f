//go:build js && wasm

package jsx

import (
	"errors"
	"strings"
	"syscall/js"
	"testing"
)

// TestMisuseIsAnErrorNotAPanic: each operation that syscall/js answers with
// a panic gives an error, and the module keeps running.
func TestMisuseIsAnErrorNotAPanic(t *testing.T) {
	undef := Undefined()
	num, err := ValueOf(42)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := NewObject()
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"Get on undefined":       func() error { _, err := undef.Get("x"); return err },
		"Set on undefined":       func() error { return undef.Set("x", 1) },
		"Delete on undefined":    func() error { return undef.Delete("x") },
		"Index on undefined":     func() error { _, err := undef.Index(0); return err },
		"Length on a number":     func() error { _, err := num.Length(); return err },
		"Call of no method":      func() error { _, err := obj.Call("nothing"); return err },
		"Invoke of an object":    func() error { _, err := obj.Invoke(); return err },
		"New of a number":        func() error { _, err := num.New(); return err },
		"Int of an object":       func() error { _, err := obj.Int(); return err },
		"Bool of a number":       func() error { _, err := num.Bool(); return err },
		"Float of undefined":     func() error { _, err := undef.Float(); return err },
		"instanceof a number":    func() error { _, err := obj.InstanceOf(num); return err },
		"bytes from a number":    func() error { _, err := CopyBytesToGo(make([]byte, 1), num); return err },
		"bytes into an object":   func() error { _, err := CopyBytesToJS(obj, []byte{1}); return err },
		"ValueOf a Go channel":   func() error { _, err := ValueOf(make(chan int)); return err },
		"Set of a Go struct":     func() error { return obj.Set("x", struct{}{}) },
		"Construct of no global": func() error { _, err := Construct("NoSuchGlobalClass"); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestJSExceptionIsAJSError: what JS throws comes back as a js.Error with
// the thrown value, for errors.As.
func TestJSExceptionIsAJSError(t *testing.T) {
	fn, err := Construct("Function", `throw new RangeError("out of range")`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fn.Invoke()
	var jsErr js.Error
	if !errors.As(err, &jsErr) {
		t.Fatalf("err %v (%T), want a js.Error", err, err)
	}
	if name := jsErr.Value.Get("name").String(); name != "RangeError" {
		t.Errorf("thrown %s, want RangeError", name)
	}
	if !strings.Contains(err.Error(), "out of range") {
		t.Errorf("error text %q", err.Error())
	}
}

// TestValuesRoundTrip: Values and Funcs go to JS as themselves, also
// inside maps and slices, and a Func gets its this and arguments as Values.
func TestValuesRoundTrip(t *testing.T) {
	obj, err := NewObject()
	if err != nil {
		t.Fatal(err)
	}
	f := FuncOf(func(this Value, args []Value) any {
		if len(args) != 2 || !args[0].Equal(obj) {
			return "bad arguments"
		}
		n, _ := args[1].Int()
		return map[string]any{"same": args[0], "twice": n * 2, "list": []any{args[0]}}
	})
	defer f.Release()
	got, err := f.Value().Invoke(obj, 21)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := got.Get("same")
	twice, _ := got.Get("twice")
	list, _ := got.Get("list")
	first, _ := list.Index(0)
	if n, _ := twice.Int(); n != 42 || !same.Equal(obj) || !first.Equal(obj) {
		t.Errorf("got twice %v, same %v, first %v", n, same.Equal(obj), first.Equal(obj))
	}
	if err := obj.Set("f", f); err != nil {
		t.Fatal(err)
	}
	v, err := obj.Call("f", obj, 1)
	if err != nil {
		t.Fatal(err)
	}
	twice, _ = v.Get("twice")
	if n, err := twice.Int(); err != nil || n != 2 {
		t.Errorf("call through a property: twice %d (%v), want 2", n, err)
	}
	if s, err := Global().Get("Object"); err != nil || s.Type() != TypeFunction {
		t.Errorf("Object is %v (%v)", s.Type(), err)
	}
	if ok, err := obj.InstanceOf(Safe(js.Global().Get("Object"))); err != nil || !ok {
		t.Errorf("instanceof Object: %v, %v", ok, err)
	}
}
