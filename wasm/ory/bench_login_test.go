package ory_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// BenchmarkLoginReplayed is the Go work of one login, without the network:
// a recorded Kratos run (browser flow) replayed through the machine and the
// adapter, wired by login.New as every client is. Run under Node to see
// what a step costs in WebAssembly:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run - -bench . ./wasm/ory/
func BenchmarkLoginReplayed(b *testing.B) {
	xs := testkit.Transcript(b, testkit.V131, "browser-happy")
	var f struct {
		IssuedAt time.Time `json:"issued_at"`
	}
	if err := json.Unmarshal(xs[0].Response.Body, &f); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, read := range []bool{true, false} {
		name := "exchanges-read"
		if !read {
			name = "exchanges-unread"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m, err := login.New(login.Options{BaseURL: "http://127.0.0.1:4433", Flow: machine.FlowBrowser,
					Transport: replay.New("http://127.0.0.1:4433", xs), Now: func() time.Time { return f.IssuedAt },
					OnExchange: func(p ory.PendingExchange) {
						if read {
							p.Exchange()
						}
					}})
				if err != nil {
					b.Fatal(err)
				}
				steps := []func() error{
					func() error { _, err := m.StartLogin(ctx, machine.FlowRequest{}); return err },
					func() error {
						_, err := m.SubmitPassword(ctx, "alice@example.com", replay.PlaceholderPassword)
						return err
					},
					func() error { _, err := m.StartStepUp(ctx); return err },
					func() error { _, err := m.SendCode(ctx, ""); return err },
					func() error { _, err := m.SubmitCode(ctx, replay.PlaceholderCode); return err },
					func() error { _, _, err := m.WhoAmI(ctx); return err },
				}
				for i, step := range steps {
					if err := step(); err != nil {
						b.Fatalf("step %d: %v", i, err)
					}
				}
			}
		})
	}
}
