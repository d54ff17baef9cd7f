//go:build js && wasm

package bridge

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport"
)

func TestNetworkFailureRejects(t *testing.T) {
	tr := &countingTransport{}
	withTransport(t, tr)
	c := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
	e := invoke(t, c, "startLogin").rejects(t, "startLogin without a network", "network")
	if e.status != 0 || tr.n.Load() != 1 {
		t.Errorf("error %s after %d requests", e, tr.n.Load())
	}
	if s := str(t, prop(t, c, "state"), "step"); s != "idle" {
		t.Errorf("step = %s after a rejected call", s)
	}
	// The failed exchange is in the log, with status 0.
	xs := js(t, `return a.exchanges();`, c)
	if n, _ := prop(t, xs, "length").Int(); n != 1 {
		t.Fatalf("%d exchanges", n)
	}
}

func TestBadResponseRejects(t *testing.T) {
	withTransport(t, transport.Func(func(context.Context, *transport.Request) (*transport.Response, error) {
		return &transport.Response{Status: 200, Header: map[string]string{"content-type": "text/html"}, Body: []byte("<html>")}, nil
	}))
	c := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
	invoke(t, c, "startLogin").rejects(t, "startLogin answered with HTML", "bad_response")
}

func TestOryFailuresRejectAndKeepState(t *testing.T) {
	resetOffline(t, "fail@example.com", secret)
	c := newClient(t, map[string]any{"offline": true, "flow": "browser"})
	before := jsonOf(t, invoke(t, c, "startLogin").ok(t, "startLogin"))
	off := prop(t, testAPI, "offline")
	for status, code := range map[int]string{500: "server", 503: "server", 429: "rate_limited"} {
		off.Call("failNext", status)
		e := invoke(t, c, "submitPassword", map[string]any{"identifier": "fail@example.com", "password": secret}).
			rejects(t, "submitPassword with Ory failing", code)
		if e.status != status {
			t.Errorf("status = %d, want %d", e.status, status)
		}
		testkit.Unchanged(t, fmt.Sprintf("submitPassword with Ory failing (%d)", status), before, jsonOf(t, prop(t, c, "state")))
	}
	st := invoke(t, c, "submitPassword", map[string]any{"identifier": "fail@example.com", "password": secret}).ok(t, "submitPassword")
	if s := str(t, st, "step"); s != "authenticated" {
		t.Errorf("step = %s", s)
	}
}

func TestTimeoutRejects(t *testing.T) {
	resetOffline(t, "slow@example.com", secret)
	testBridge.offlineOry().SetLatency(2 * time.Second)
	c := newClient(t, map[string]any{"offline": true, "timeoutMs": 100})
	start := time.Now()
	invoke(t, c, "startLogin").rejects(t, "startLogin with a slow Ory", "timeout")
	if d := time.Since(start); d > time.Second {
		t.Errorf("timeout took %v", d)
	}
}

func TestForgottenClient(t *testing.T) {
	c := newClient(t, map[string]any{"offline": true})
	testBridge.mu.Lock()
	h := testBridge.nextID
	testBridge.mu.Unlock()
	hv, err := jsx.ValueOf(h)
	if err != nil {
		t.Fatal(err)
	}
	// What the FinalizationRegistry does once JS drops the client.
	if _, err := testBridge.forget(jsx.Undefined(), []jsx.Value{hv}); err != nil {
		t.Fatal(err)
	}
	invoke(t, c, "startLogin").rejects(t, "a forgotten client", "internal")
}
