package ory

import (
	"encoding/json"
	"testing"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/machine"
)

// BenchmarkAnswer is what decoding and classifying one recorded answer
// costs, beside client-go's models and the masking (see
// BenchmarkLoginReplayed for a whole login).
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
	b.Run("client-go-LoginFlow", func(b *testing.B) {
		for b.Loop() {
			var f client.LoginFlow
			if err := json.Unmarshal(flow, &f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("validate-and-probe", func(b *testing.B) {
		for b.Loop() {
			d, err := jsonwire.NewDecoder(flow)
			if err == nil {
				_, err = readProbe(d)
			}
			if err != nil {
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
