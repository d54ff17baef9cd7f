//go:build !js

package offline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport"
)

// FuzzDo feeds arbitrary requests, seeded from the recorded transcripts,
// to an Ory that already has a session and flows: it must answer every one
// (no panic, no transport error) with a status and a JSON body or none.
func FuzzDo(f *testing.F) {
	for _, kind := range []string{"api", "browser"} {
		for _, x := range testkit.Transcript(f, testkit.V131, kind+"-happy") {
			f.Add(x.Request.Method, x.Request.URL, []byte(x.Request.Body), x.Request.Credentials == "include", x.Request.Header["X-Session-Token"] != "")
		}
	}
	f.Fuzz(func(t *testing.T, method, pathQuery string, body []byte, include, withToken bool) {
		o := New(Options{})
		tok := apiLogin(t, o, DemoEmail, DemoPassword)
		call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok)
		call(t, o, "GET", "/self-service/login/browser", nil, transport.CredentialsInclude)
		r := &transport.Request{Method: method, URL: base + pathQuery, Body: body,
			Header: map[string]string{"Accept": "application/json", "Content-Type": "application/json"}}
		if include {
			r.Credentials = transport.CredentialsInclude
		}
		if withToken {
			r.Header["X-Session-Token"] = tok
		}
		res, err := o.Do(context.Background(), r)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if res.Status < 200 || res.Status > 599 {
			t.Fatalf("status %d", res.Status)
		}
		if len(res.Body) > 0 && !json.Valid(res.Body) {
			t.Fatalf("body is not JSON: %q", res.Body)
		}
	})
}
