package ory

import (
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/machine"
)

// BenchmarkAnswer is what decoding and classifying one recorded answer
// costs, beside the masking (see BenchmarkLoginReplayed for a whole login,
// and BenchmarkAnswerClientGo for client-go's models).
func BenchmarkAnswer(b *testing.B) {
	xs := testkit.Transcript(b, testkit.V131, "browser-happy")
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
	b.Run("validate-and-probe", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := decodeProbed(flow); err != nil {
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
