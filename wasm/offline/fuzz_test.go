//go:build !js

package offline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport"
)

// FuzzDo feeds arbitrary requests, seeded from every recorded transcript
// of both releases (each seed to the dialect of its release; v26 picks the
// dialect), to an Ory of either dialect that already has a session
// and flows: it must answer every one (no panic, no transport error) with a
// status and a body that is JSON, HTML (a redirect's) or none.
func FuzzDo(f *testing.F) {
	for _, dialect := range []Kratos{KratosV1_3_1, KratosV26_2_0} {
		for _, name := range testkit.TranscriptNames(f, string(dialect)) {
			for _, x := range testkit.Transcript(f, string(dialect), name) {
				f.Add(x.Request.Method, x.Request.URL, []byte(x.Request.Body), x.Request.Credentials == "include", x.Request.Header["X-Session-Token"] != "", dialect == KratosV26_2_0)
			}
		}
	}
	f.Fuzz(func(t *testing.T, method, pathQuery string, body []byte, include, withToken, v26 bool) {
		dialect := KratosV1_3_1
		if v26 {
			dialect = KratosV26_2_0
		}
		o := New(Options{Kratos: dialect})
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
		if len(res.Body) > 0 && !json.Valid(res.Body) && !(res.Status == 303 && res.Header["content-type"] == "text/html; charset=utf-8") {
			t.Fatalf("body is not JSON: %q", res.Body)
		}
	})
}
