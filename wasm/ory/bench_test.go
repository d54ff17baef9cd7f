package ory

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// The Go work of one login, without the network: a recorded Kratos run
// (browser flow) replayed through the machine and the adapter. Run under
// Node to see what a step costs in WebAssembly:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run - -bench . ./wasm/ory/

func browserTranscript(b *testing.B) []replay.Exchange {
	return testkit.Transcript(b, testkit.V131, "browser-happy")
}

func BenchmarkLoginReplayed(b *testing.B) {
	xs := browserTranscript(b)
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
				c := Config{BaseURL: "http://127.0.0.1:4433", Kind: machine.FlowBrowser, Transport: replay.New("http://127.0.0.1:4433", xs),
					OnExchange: func(p PendingExchange) {
						if read {
							p.Exchange()
						}
					}}
				a, err := New(c)
				if err != nil {
					b.Fatal(err)
				}
				m := machine.New(machine.Options{Ory: a, Now: func() time.Time { return f.IssuedAt }})
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

func BenchmarkAnswer(b *testing.B) {
	xs := browserTranscript(b)
	flow, session := xs[0].Response.Body, xs[1].Response.Body
	b.Run("classify-flow", func(b *testing.B) {
		for b.Loop() {
			if o := classify(reply{status: 200, body: flow, creating: true, kind: machine.FlowBrowser}); o.err != nil {
				b.Fatal(o.err)
			}
		}
	})
	b.Run("classify-session", func(b *testing.B) {
		for b.Loop() {
			if o := classify(reply{status: 200, body: session, kind: machine.FlowBrowser}); o.err != nil {
				b.Fatal(o.err)
			}
		}
	})
	b.Run("client-go-LoginFlow", func(b *testing.B) {
		for b.Loop() {
			var f client.LoginFlow
			if err := json.Unmarshal(flow, &f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("probe", func(b *testing.B) {
		for b.Loop() {
			var p probe
			if err := json.Unmarshal(flow, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client-go-SuccessfulNativeLogin", func(b *testing.B) {
		for b.Loop() {
			var s client.SuccessfulNativeLogin
			if err := json.Unmarshal(session, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mask-flow", func(b *testing.B) {
		for b.Loop() {
			MaskJSON(flow)
		}
	})
	b.Logf("flow %d bytes, session %d bytes", len(flow), len(session))
}
