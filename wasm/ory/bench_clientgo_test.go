//go:build !js

package ory

import (
	"encoding/json"
	"testing"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
)

// BenchmarkAnswerClientGo is what decoding BenchmarkAnswer's answers into
// client-go's models costs, the decoding that wasm/ory replaced. Host only:
// the js/wasm builds' client-go has no UnmarshalJSON (wasm/cmd/wasmmod).
func BenchmarkAnswerClientGo(b *testing.B) {
	xs := testkit.Transcript(b, testkit.V131, "browser-happy")
	flow, session := xs[0].Response.Body, xs[1].Response.Body
	b.Run("client-go-LoginFlow", func(b *testing.B) {
		for b.Loop() {
			var f client.LoginFlow
			if err := json.Unmarshal(flow, &f); err != nil {
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
}
