//go:build !js

package ory_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

// kratosWebAuthn has the passkey and webauthn methods on (relying party
// localhost). The ceremonies themselves run in Chromium
// (web/e2e/passkeys.test.mjs); here the adapter's bodies meet Kratos.
var kratosWebAuthn = testkit.LazyKratos(kratoslocal.Options{Env: kratoslocal.Methods{
	Passkey: true, WebAuthn: true, WebAuthnOrigins: []string{"http://localhost:8080"}}.Env()})

// forged is a credential in Kratos's shape that no authenticator signed.
const forged = `{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"authenticatorData":"AAAA","clientDataJSON":"e30","signature":"Zm9yZ2VkLXNpZ25hdHVyZQ","userHandle":"AAAA"}}`

type staticAuthenticator string

func (a staticAuthenticator) Get(context.Context, string, bool) (string, error) {
	return string(a), nil
}

// TestPasskeyOnKratos: a browser flow offers the passkey only to a client
// with an Authenticator; Kratos reads the adapter's passkey body and
// refuses a forged credential as a message on the flow (not a failure of
// orylogin: 4000001, "Unable to parse WebAuthn response"), the credential
// masked in every exchange.
func TestPasskeyOnKratos(t *testing.T) {
	srv := kratosWebAuthn.Server(t)
	ctx := context.Background()
	for _, kind := range []machine.FlowKind{machine.FlowBrowser, machine.FlowAPI} {
		t.Run(string(kind), func(t *testing.T) {
			plain := newClient(t, srv, kind)
			st := at(t, machine.StepPassword)(plain.StartLogin(ctx, machine.FlowRequest{}))
			if slices.Contains(st.Methods, machine.MethodPasskey) {
				t.Fatalf("offered %v without WebAuthn", st.Methods)
			}
			if _, err := plain.SignInWithPasskey(ctx); machine.CodeOf(err) != machine.CodeInvalidTransition {
				t.Fatalf("SignInWithPasskey without WebAuthn: %v", err)
			}

			var logged []ory.PendingExchange
			m, err := login.New(login.Options{BaseURL: srv.PublicURL, Flow: kind, Transport: httptransport.New(),
				Authenticator: staticAuthenticator(forged), OnExchange: func(x ory.PendingExchange) { logged = append(logged, x) }})
			if err != nil {
				t.Fatal(err)
			}
			st = at(t, machine.StepPassword)(m.StartLogin(ctx, machine.FlowRequest{}))
			// Kratos v1.3.1 offers passkeys in browser flows only; v26 in api flows too.
			if !slices.Contains(st.Methods, machine.MethodPasskey) {
				if kind == machine.FlowAPI && srv.Version == "v1.3.1" {
					return
				}
				t.Fatalf("%s flow on %s offers %v, want passkey", kind, srv.Version, st.Methods)
			}
			st = at(t, machine.StepPassword)(m.SignInWithPasskey(ctx))
			if !hasMessage(st, 4000001) {
				t.Fatalf("a forged credential: messages %+v, want Ory's 4000001", st.Messages)
			}
			posted := false
			for _, p := range logged {
				x := p.Exchange()
				if strings.Contains(x.URL+x.RequestBody+x.ResponseBody+x.Curl, "Zm9yZ2VkLXNpZ25hdHVyZQ") {
					t.Errorf("the credential stands in the exchange %s %s", x.Method, x.URL)
				}
				posted = posted || strings.Contains(x.RequestBody, `"passkey_login"`)
			}
			if !posted {
				t.Error("no exchange posted passkey_login")
			}
		})
	}
}
