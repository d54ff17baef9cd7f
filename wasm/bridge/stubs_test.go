//go:build js && wasm

package bridge

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/offline"
	"github.com/orylogin/orylogin/wasm/offlineapi"
	"github.com/orylogin/orylogin/wasm/transport"
)

// withTransport makes online clients created during t use tr.
func withTransport(t *testing.T, tr transport.Transport) {
	t.Helper()
	old := newTransport
	newTransport = func(jsx.Value) transport.Transport { return tr }
	t.Cleanup(func() { newTransport = old })
}

// countingTransport counts requests and answers each with a network
// failure.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) Do(context.Context, *transport.Request) (*transport.Response, error) {
	c.n.Add(1)
	return nil, fmt.Errorf("%w: stub", transport.ErrNetwork)
}

// resetOffline resets the shared offline Ory to one identity and no
// knobs, and again when t ends.
func resetOffline(t *testing.T, email, password string) {
	t.Helper()
	off := testBridge.offlineOry()
	reset := func() {
		off.ResetAs(offlineapi.Setup{}, []offline.Identity{{Email: email, Password: password}})
		off.SetLatency(0)
		off.FailNext(0)
	}
	reset()
	t.Cleanup(reset)
}
