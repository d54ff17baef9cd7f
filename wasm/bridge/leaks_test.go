//go:build js && wasm

package bridge

import (
	"runtime"
	"testing"
	"time"
)

// TestNoLeakedCallbacks: calls that resolve, reject for every reason, and
// new clients leave the number of live JS callbacks as it was.
func TestNoLeakedCallbacks(t *testing.T) {
	resetOffline(t, "leak@example.com", secret)
	tr := &countingTransport{}
	withTransport(t, tr)
	before := liveFuncs.Load()
	for range 20 {
		c := newClient(t, map[string]any{"offline": true})
		unsubscribe := js(t, `return a.on("change", () => {});`, c)
		invoke(t, c, "startLogin").ok(t, "startLogin")
		invoke(t, c, "submitPassword", map[string]any{"identifier": "leak@example.com", "password": "wrong"}).ok(t, "wrong password")
		invoke(t, c, "submitCode", map[string]any{"code": "1"}).rejects(t, "submitCode", "invalid_transition")
		invoke(t, c, "submitPassword", 1).rejects(t, "submitPassword(1)", "invalid_argument")
		p := start(t, c, "whoami")
		invoke(t, c, "whoami").rejects(t, "second whoami", "busy")
		settle(t, p).ok(t, "whoami")
		js(t, `a.exchanges(); a.state;`, c)
		unsubscribe.Invoke()

		online := newClient(t, map[string]any{"baseURL": "http://127.0.0.1:4433"})
		invoke(t, online, "startLogin").rejects(t, "startLogin", "network")
	}
	if after := liveFuncs.Load(); after != before {
		t.Errorf("live callbacks: %d before, %d after", before, after)
	}
}

// TestHeapCollectedEvery32Calls: every collectEvery-th call has the Go heap
// collected soon after it settles (collectSoon), which is what keeps a
// page's wasm memory from growing after its first few dozen calls. 64
// offline calls make far less than the 1 MB of garbage after which Go would
// collect on its own.
func TestHeapCollectedEvery32Calls(t *testing.T) {
	resetOffline(t, "gc@example.com", secret)
	withTransport(t, &countingTransport{})
	c := newClient(t, map[string]any{"offline": true})
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.NumGC
	const calls = 64 // two multiples of collectEvery, wherever the call ids stand
	for range calls {
		invoke(t, c, "whoami").ok(t, "whoami")
	}
	time.Sleep(50 * time.Millisecond) // a collection starts a millisecond after its call
	runtime.ReadMemStats(&ms)
	if got := ms.NumGC - before; got < 2 {
		t.Errorf("%d collections in %d calls, want at least 2", got, calls)
	}
}
