//go:build js && wasm

package bridge

import (
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

func TestAPIShape(t *testing.T) {
	for _, name := range []string{"newClient"} {
		if prop(t, testAPI, name).Type() != jsx.TypeFunction {
			t.Errorf("OryLogin.%s is not a function", name)
		}
	}
	cls, _ := glueValue.Get("OryLoginError")
	if !prop(t, testAPI, "OryLoginError").Equal(cls) {
		t.Errorf("OryLogin.OryLoginError is not the loader's class")
	}
	if v := str(t, testAPI, "version"); v != "test-version" {
		t.Errorf("version = %q", v)
	}
	off := prop(t, testAPI, "offline")
	for _, name := range []string{"reset", "inbox", "setLatency", "failNext", "advance"} {
		if prop(t, off, name).Type() != jsx.TypeFunction {
			t.Errorf("OryLogin.offline.%s is not a function", name)
		}
	}
	if frozen := js(t, `return Object.isFrozen(a) && Object.isFrozen(a.offline);`, testAPI); !truthy(frozen) {
		t.Errorf("OryLogin is not frozen")
	}

	c := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
	for _, name := range []string{"startLogin", "submitPassword", "startStepUp", "sendCode", "submitCode",
		"resendCode", "whoami", "logout", "on", "exchanges"} {
		if prop(t, c, name).Type() != jsx.TypeFunction {
			t.Errorf("client.%s is not a function", name)
		}
	}
	// Methods are bound: they work detached from the client, as a page's
	// event handler might call them.
	detached := js(t, `const f = a.startStepUp; return f();`, c)
	if o := settle(t, detached); o.err == nil || o.err.code != "invalid_transition" {
		t.Errorf("detached startStepUp: %+v", o.err)
	}
	// state is a getter: a fresh object each time, read-only on the client.
	if js(t, `return Object.getOwnPropertyDescriptor(a, "state").get !== undefined && a.state !== a.state;`, c).Type() != jsx.TypeBoolean ||
		!truthy(js(t, `return Object.getOwnPropertyDescriptor(a, "state").get !== undefined && a.state !== a.state;`, c)) {
		t.Errorf("state is not a getter")
	}
	want := `{"step":"idle","flowKind":"api","flowId":null,"requestedAAL":null,"aal":null,"addresses":[],"methods":[],"identifier":null,"messages":[],"session":null}`
	if got := jsonOf(t, prop(t, c, "state")); got != want {
		t.Errorf("initial state = %s\nwant %s", got, want)
	}
}

func TestNewClientDefaultsAndOptions(t *testing.T) {
	cases := []struct {
		opts     map[string]any
		wantKind string
	}{
		{map[string]any{"baseURL": "http://127.0.0.1:4433"}, "api"}, // no document under Node
		{map[string]any{"baseURL": "http://localhost:4433/", "flow": "browser"}, "browser"},
		{map[string]any{"baseURL": "https://x.projects.oryapis.com", "flow": "api", "timeoutMs": 120000}, "api"},
		{map[string]any{"baseURL": "http://ory.example", "allowInsecure": true, "timeoutMs": 1}, "api"},
		{map[string]any{"offline": true}, "api"},
		{map[string]any{"offline": true, "flow": "browser"}, "browser"},
		{map[string]any{"offline": true, "baseURL": "ignored when offline"}, "api"},
		{map[string]any{"baseURL": "http://127.0.0.1:4433", "offline": false, "allowInsecure": nil, "flow": nil}, "api"},
	}
	for _, c := range cases {
		cl := newClient(t, c.opts)
		if got := str(t, prop(t, cl, "state"), "flowKind"); got != c.wantKind {
			t.Errorf("newClient(%v): flowKind %q, want %q", c.opts, got, c.wantKind)
		}
	}
}

func TestNewClientThrowsInvalidArgument(t *testing.T) {
	bad := []string{
		`undefined`, `null`, `42`, `"http://127.0.0.1:4433"`, `[]`, `() => 1`,
		`{}`, `{baseURL: 1}`, `{baseURL: ""}`, `{baseURL: null}`, `{baseURL: "ftp://127.0.0.1"}`,
		`{baseURL: "not a url"}`, `{baseURL: "http://ory.example"}`, `{baseURL: "https://u:p@ory.example"}`,
		`{baseURL: "https://ory.example/?q=1"}`, `{baseURL: "https://" + "a".repeat(5000) + ".example"}`,
		`{baseURL: "http://127.0.0.1:4433", flow: "web"}`, `{baseURL: "http://127.0.0.1:4433", flow: 1}`,
		`{baseURL: "http://127.0.0.1:4433", flow: ""}`,
		`{baseURL: "http://127.0.0.1:4433", timeoutMs: 0}`, `{baseURL: "http://127.0.0.1:4433", timeoutMs: 120001}`,
		`{baseURL: "http://127.0.0.1:4433", timeoutMs: 1.5}`, `{baseURL: "http://127.0.0.1:4433", timeoutMs: "100"}`,
		`{baseURL: "http://127.0.0.1:4433", timeoutMs: NaN}`, `{baseURL: "http://127.0.0.1:4433", timeoutMs: Infinity}`,
		`{baseURL: "http://127.0.0.1:4433", timeoutMs: -5}`,
		`{baseURL: "http://127.0.0.1:4433", allowInsecure: "yes"}`, `{offline: "true"}`, `{offline: 1}`,
		`{get baseURL() { throw new Error("boom"); }}`,
	}
	newClientFn := prop(t, testAPI, "newClient")
	for _, expr := range bad {
		arg := js(t, "return "+expr+";")
		e := throws(t, "newClient("+expr+")", newClientFn, []any{arg})
		if e.code != "invalid_argument" {
			t.Errorf("newClient(%s): code %s, want invalid_argument", expr, e.code)
		}
	}
}

func truthy(v jsx.Value) bool {
	b, _ := v.Truthy()
	return b
}

// TestBuildWithoutOfflineOry: a Bridge made without the Offline extension
// (orylogin.wasm) has no OryLogin.offline, and newClient({offline: true})
// throws invalid_argument naming the build that has it.
func TestBuildWithoutOfflineOry(t *testing.T) {
	b, err := newBridge(glueValue)
	if err != nil {
		t.Fatal(err)
	}
	api, err := b.api("core", nil)
	if err != nil {
		t.Fatal(err)
	}
	if off := prop(t, api, "offline"); !off.IsUndefined() {
		t.Errorf("OryLogin.offline = %s in a build without the offline Ory", jsString(off))
	}
	e := throws(t, "newClient({offline: true})", prop(t, api, "newClient"), js(t, `return {offline: true};`))
	if e.code != "invalid_argument" || !strings.Contains(e.message, "orylogin-offline.wasm") {
		t.Errorf("newClient({offline: true}) threw %s", e)
	}
}
