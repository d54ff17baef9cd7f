//go:build js && wasm

package bridge

import (
	"testing"
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
