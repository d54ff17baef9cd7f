//go:build js && wasm

package bridge

import (
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
)

// secret appears in arguments that are refused; no error may show it.
const secret = "s3cret-Value-42"

func TestMethodArgumentsRejectInvalidArgument(t *testing.T) {
	tr := &countingTransport{}
	withTransport(t, tr)
	cases := map[string][]string{
		"startLogin": {`"aal2"`, `[]`, `null_object_is_ok`, `{aal: "aal3"}`, `{aal: 2}`, `{aal: ""}`,
			`{refresh: "yes"}`, `{refresh: 1}`, `{returnTo: ""}`, `{returnTo: 5}`, `{returnTo: "x".repeat(3000)}`},
		"submitPassword": {`undefined`, `null`, `"x"`, `[]`, `{}`, `{identifier: "a@b.c"}`,
			`{identifier: "", password: "` + secret + `"}`, `{identifier: "a@b.c", password: ""}`,
			`{identifier: 1, password: "` + secret + `"}`, `{identifier: "a@b.c", password: 42}`,
			`{identifier: "a".repeat(600), password: "` + secret + `"}`, `{identifier: "a@b.c", password: "` + secret + `".repeat(400)}`,
			`{identifier: "a@b.c", password: "x".repeat(50000000)}`, `{identifier: "a@b.c", get password() { throw new Error("` + secret + `"); }}`},
		"sendCode": {`"a@b.c"`, `7`, `{address: 1}`, `{address: ""}`, `{address: "a".repeat(600)}`,
			`{identifier: 1}`, `{identifier: ""}`, `{identifier: "a".repeat(600)}`},
		"submitCode": {`undefined`, `{}`, `{code: 123456}`, `{code: ""}`, `{code: "1".repeat(100)}`, `"123456"`, `{code: null}`},
		// Issue 12's calls: the same checks before any guard or request.
		"submitIdentifier": {`undefined`, `null`, `"a@b.c"`, `{}`, `{identifier: 1}`, `{identifier: ""}`, `{identifier: "   "}`,
			`{identifier: "a".repeat(600)}`, `{get identifier() { throw new Error("` + secret + `"); }}`},
		"submitTotp": {`undefined`, `{}`, `{code: 123456}`, `{code: ""}`, `{code: "1".repeat(100)}`, `"123456"`, `{code: null}`,
			`{get code() { throw new Error("` + secret + `"); }}`},
		"submitLookupSecret": {`undefined`, `{}`, `{code: 12345678}`, `{code: ""}`, `{code: "1".repeat(100)}`, `"abcd1234"`, `{code: null}`,
			`{get code() { throw new Error("` + secret + `"); }}`},
	}
	c := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
	before := jsonOf(t, prop(t, c, "state"))
	for method, exprs := range cases {
		for _, expr := range exprs {
			if expr == "null_object_is_ok" {
				continue
			}
			arg := js(t, "return "+expr+";")
			e := invoke(t, c, method, arg).rejects(t, method+"("+abbrev(expr)+")", "invalid_argument")
			if strings.Contains(e.message, secret) || strings.Contains(jsonOf(t, e.value), secret) {
				t.Errorf("%s(%s): the error shows the argument: %s", method, abbrev(expr), e.message)
			}
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Errorf("%d requests sent for refused arguments", n)
	}
	testkit.Unchanged(t, "refused calls", before, jsonOf(t, prop(t, c, "state")))
}

func TestInvalidTransitionSendsNothing(t *testing.T) {
	tr := &countingTransport{}
	withTransport(t, tr)
	c := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
	calls := []struct {
		method string
		args   []any
	}{
		{"submitPassword", []any{map[string]any{"identifier": "a@b.c", "password": secret}}},
		{"startStepUp", nil},
		{"sendCode", nil},
		{"submitCode", []any{map[string]any{"code": "123456"}}},
		{"resendCode", nil},
		{"logout", nil},
	}
	for _, call := range calls {
		e := invoke(t, c, call.method, call.args...).rejects(t, call.method+" in idle", "invalid_transition")
		if strings.Contains(e.message, secret) {
			t.Errorf("error shows the password")
		}
		if n, _ := prop(t, js(t, "return a.exchanges();", c), "length").Int(); n != 0 {
			t.Errorf("%s: %d exchanges after invalid_transition", call.method, n)
		}
	}
	if n := tr.n.Load(); n != 0 {
		t.Errorf("%d requests sent for invalid transitions", n)
	}
	if s := str(t, prop(t, c, "state"), "step"); s != "idle" {
		t.Errorf("step = %s after refused calls", s)
	}
}

func TestBusyWhileInFlight(t *testing.T) {
	resetOffline(t, "busy@example.com", secret)
	testBridge.offlineOry().SetLatency(300 * time.Millisecond)
	c := newClient(t, map[string]any{"offline": true})
	first := start(t, c, "startLogin")
	// Busy comes before everything: bad arguments and transitions the
	// current step does not allow.
	invoke(t, c, "whoami").rejects(t, "whoami while startLogin is in flight", "busy")
	invoke(t, c, "submitPassword", "not an object").rejects(t, "bad submitPassword while in flight", "busy")
	invoke(t, c, "logout").rejects(t, "logout while in flight", "busy")
	if s := str(t, prop(t, c, "state"), "step"); s != "idle" {
		t.Errorf("step = %s while the first call is in flight", s)
	}
	st := settle(t, first).ok(t, "startLogin")
	if s := str(t, st, "step"); s != "password" {
		t.Errorf("startLogin resolved with step %s", s)
	}
	// The exchanges are the first call's: the busy ones did not clear them.
	if n, _ := prop(t, js(t, "return a.exchanges();", c), "length").Int(); n != 1 {
		t.Errorf("%d exchanges after startLogin, want 1", n)
	}
	// Once settled, the next call runs.
	testBridge.offlineOry().SetLatency(0)
	invoke(t, c, "startLogin").ok(t, "startLogin after the first settled")
}

func abbrev(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
