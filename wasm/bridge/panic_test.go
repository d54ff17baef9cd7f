//go:build js && wasm

package bridge

import (
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// panicOnce makes the code at where panic the next time it runs.
func panicOnce(t *testing.T, where string, nilDeref bool) {
	t.Helper()
	armed := true
	panicHook = func(at string) {
		if armed && at == where {
			armed = false
			if nilDeref {
				var p *struct{ x int }
				_ = p.x // a runtime error, not a panic call
			}
			panic("test panic at " + at)
		}
	}
	t.Cleanup(func() { panicHook = nil })
}

func TestPanicInWorkRejectsInternal(t *testing.T) {
	resetOffline(t, "panic@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	for _, nilDeref := range []bool{false, true} {
		panicOnce(t, "work:startLogin", nilDeref)
		e := invoke(t, c, "startLogin").rejects(t, "startLogin with a panic", "internal")
		if e.message != "orylogin: internal: internal error" || e.status != 0 {
			t.Errorf("error = %s", e)
		}
		if s := str(t, prop(t, c, "state"), "step"); s != "idle" && s != "password" {
			t.Errorf("step = %s", s)
		}
		// Not left busy: the next call works.
		st := invoke(t, c, "startLogin").ok(t, "startLogin after a panic")
		wantState(t, st, "password", "api")
	}
}

func TestPanicInCallRejectsInternal(t *testing.T) {
	resetOffline(t, "panic@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	panicOnce(t, "call:whoami", false)
	invoke(t, c, "whoami").rejects(t, "whoami with a panic", "internal")
	if v := invoke(t, c, "whoami").ok(t, "whoami after a panic"); !v.IsNull() {
		t.Errorf("whoami = %s", jsonOf(t, v))
	}
}

func TestPanicInSyncFunctionsThrowsInternal(t *testing.T) {
	resetOffline(t, "panic@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	off := prop(t, testAPI, "offline")
	opts, _ := jsx.ValueOf(map[string]any{"offline": true})
	cases := []struct {
		where string
		fn    jsx.Value
		args  []any
	}{
		{"call:newClient", prop(t, testAPI, "newClient"), []any{opts}},
		{"call:on", prop(t, c, "on"), []any{"change", js(t, `return () => {};`)}},
		{"call:exchanges", prop(t, c, "exchanges"), nil},
		{"call:state", js(t, `return () => a.state;`, c), nil},
		{"call:offline.inbox", prop(t, off, "inbox"), nil},
	}
	for _, tc := range cases {
		panicOnce(t, tc.where, true)
		if e := throws(t, tc.where, tc.fn, tc.args); e.code != "internal" {
			t.Errorf("%s: %s", tc.where, e)
		}
		if _, err := tc.fn.Invoke(tc.args...); err != nil {
			t.Errorf("%s after a panic: %v", tc.where, err)
		}
	}
	invoke(t, c, "startLogin").ok(t, "startLogin after the panics")
}
