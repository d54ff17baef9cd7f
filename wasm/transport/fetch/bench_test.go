//go:build js && wasm

package fetch

import (
	"context"
	"testing"

	"github.com/orylogin/orylogin/wasm/transport"
)

// BenchmarkDo is one login-sized POST to a local Node server and its
// answer, through the transport: what a step pays for crossing between JS
// and Go, plus Node's own HTTP round trip. Run under Node:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run - -bench . ./wasm/transport/fetch/
func BenchmarkDo(b *testing.B) {
	s := startServer(b)
	tr := newTransport(b)
	body := []byte(`{"csrf_token":"Xx7mXb8CnyTqfP0yqEVXYm6D1FvYbQ6nPzR3n8tTn4jE3zB8Y0lK5l7n2sZQyO2r0N5qk1cH1vY3eX6fJb8n2Q==","identifier":"alice@example.com","method":"password","password":"correct horse battery staple"}`)
	req := &transport.Request{Method: "POST", URL: s.base + "/echo?flow=f",
		Header:      map[string]string{"Accept": "application/json", "Content-Type": "application/json"},
		Body:        body,
		Credentials: transport.CredentialsInclude}
	ctx, cancel := context.WithTimeout(context.Background(), 1<<40)
	defer cancel()
	for b.Loop() {
		if _, err := tr.Do(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
