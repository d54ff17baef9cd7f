//go:build js && wasm

package bridge

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jstest"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/offline"
)

// The tests run the real loader's glue (web/orylogin.js, imported by Node)
// around a Bridge, and call the API as JS would: through JS values.
var (
	testBridge *Bridge
	testAPI    jsx.Value
	glueValue  jsx.Value
)

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "setup:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func setup() error {
	var err error
	if glueValue, err = jstest.Glue(); err != nil {
		return err
	}
	testBridge, err = newBridge(glueValue)
	if err != nil {
		return err
	}
	testAPI, err = testBridge.api("test-version", []Extension{Offline(func() OfflineOry { return offline.New(offline.Options{}) })})
	return err
}

// js runs body as a JS function of params a, b, c, d with args.
func js(t *testing.T, body string, args ...any) jsx.Value {
	t.Helper()
	fn, err := jstest.Func(body, "a", "b", "c", "d")
	if err != nil {
		t.Fatalf("JS helper %q: %v", body, err)
	}
	v, err := fn.Invoke(args...)
	if err != nil {
		t.Fatalf("JS helper %q: %v", body, err)
	}
	return v
}

// jsString is String(v).
func jsString(v jsx.Value) string {
	s, err := jsx.Global().Call("String", v)
	if err != nil {
		return "<unprintable>"
	}
	str, _ := s.String()
	return str
}

// newClient calls OryLogin.newClient(opts) and fails t if it throws.
func newClient(t *testing.T, opts map[string]any) jsx.Value {
	t.Helper()
	o, err := jsx.ValueOf(opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := testAPI.Call("newClient", o)
	if err != nil {
		t.Fatalf("newClient(%v): %v", opts, err)
	}
	return c
}

// outcome is what a call did: its value, or the OryLoginError it threw or
// rejected with.
type outcome struct {
	value jsx.Value
	err   *jsErr
}

// jsErr is an OryLoginError seen from Go.
type jsErr struct {
	value    jsx.Value
	code     string
	status   int
	message  string
	messages []int // message ids
}

func (e *jsErr) String() string { return fmt.Sprintf("%s (%d): %s", e.code, e.status, e.message) }

// asJSErr checks that v is an OryLoginError and reads it.
func asJSErr(t *testing.T, v jsx.Value) *jsErr {
	t.Helper()
	cls, _ := testAPI.Get("OryLoginError")
	if ok, err := v.InstanceOf(cls); err != nil || !ok {
		t.Fatalf("rejected with %s, not an OryLoginError", jsString(v))
	}
	if base, _ := jsx.Global().Get("Error"); true {
		if ok, _ := v.InstanceOf(base); !ok {
			t.Errorf("OryLoginError is not an Error")
		}
	}
	e := &jsErr{value: v}
	name := prop(t, v, "name")
	if s, _ := name.String(); s != "OryLoginError" {
		t.Errorf("name = %q", s)
	}
	e.code, _ = prop(t, v, "code").String()
	e.status, _ = prop(t, v, "status").Int()
	e.message, _ = prop(t, v, "message").String()
	msgs := prop(t, v, "messages")
	n, err := msgs.Length()
	if err != nil {
		t.Fatalf("messages is not an array: %v", err)
	}
	for i := range n {
		m, _ := msgs.Index(i)
		id, _ := prop(t, m, "id").Int()
		e.messages = append(e.messages, id)
	}
	if !strings.HasPrefix(e.message, "orylogin: "+e.code) {
		t.Errorf("message %q does not start with the code %q", e.message, e.code)
	}
	return e
}

// invoke calls client[method](args...), which must return a Promise (a
// method never throws), and awaits it.
func invoke(t *testing.T, client jsx.Value, method string, args ...any) outcome {
	t.Helper()
	p := start(t, client, method, args...)
	return settle(t, p)
}

// start calls client[method](args...) and returns the Promise.
func start(t *testing.T, client jsx.Value, method string, args ...any) jsx.Value {
	t.Helper()
	p, err := client.Call(method, args...)
	if err != nil {
		t.Fatalf("%s threw synchronously: %v", method, err)
	}
	if !jstest.IsPromise(p) {
		t.Fatalf("%s returned %s, not a Promise", method, jsString(p))
	}
	return p
}

// settle awaits p.
func settle(t *testing.T, p jsx.Value) outcome {
	t.Helper()
	v, rejected, err := jstest.Await(p)
	if err != nil {
		t.Fatalf("await: %v", err)
	}
	if rejected {
		return outcome{err: asJSErr(t, v)}
	}
	return outcome{value: v}
}

// ok fails t unless o resolved, and returns the value.
func (o outcome) ok(t *testing.T, what string) jsx.Value {
	t.Helper()
	if o.err != nil {
		t.Fatalf("%s rejected: %s", what, o.err)
	}
	return o.value
}

// rejects fails t unless o rejected with code.
func (o outcome) rejects(t *testing.T, what, code string) *jsErr {
	t.Helper()
	if o.err == nil {
		t.Fatalf("%s resolved with %s, want rejection %s", what, jsonOf(t, o.value), code)
	}
	if o.err.code != code {
		t.Fatalf("%s rejected with %s, want %s", what, o.err, code)
	}
	return o.err
}

// throws calls fn(args...) synchronously and returns the OryLoginError it
// threw; it fails t when fn returns.
func throws(t *testing.T, what string, fn jsx.Value, args ...any) *jsErr {
	t.Helper()
	r := js(t, `try { return {ok: true, value: a(...b)}; } catch (e) { return {ok: false, error: e}; }`, fn, args)
	if okv, _ := prop(t, r, "ok").Bool(); okv {
		t.Fatalf("%s returned %s, want a throw", what, jsString(prop(t, r, "value")))
	}
	return asJSErr(t, prop(t, r, "error"))
}

// prop is v[name].
func prop(t *testing.T, v jsx.Value, name string) jsx.Value {
	t.Helper()
	p, err := v.Get(name)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return p
}

// str is v[name] as a string ("<null>" for null).
func str(t *testing.T, v jsx.Value, name string) string {
	t.Helper()
	p := prop(t, v, name)
	if p.IsNull() {
		return "<null>"
	}
	s, _ := p.String()
	return s
}

// jsonOf is JSON.stringify(v).
func jsonOf(t *testing.T, v jsx.Value) string {
	t.Helper()
	j, _ := jsx.Global().Get("JSON")
	s, err := j.Call("stringify", v)
	if err != nil {
		t.Fatalf("JSON.stringify: %v", err)
	}
	if s.IsUndefined() {
		return "undefined"
	}
	out, _ := s.String()
	return out
}
