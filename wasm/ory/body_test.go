//go:build !js

package ory

import (
	"encoding/json"
	"testing"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/machine"
)

// TestEncodeBodyMatchesMarshal: every body the adapter sends is written as
// json.Marshal writes it, with each optional field absent and present, and
// strings that need escapes. Host only: the js/wasm builds' client-go has
// no MarshalJSON (wasm/cmd/wasmmod), so there json.Marshal is no oracle;
// encodeBody reads ToMap, which the copy keeps as it is.
func TestEncodeBodyMatchesMarshal(t *testing.T) {
	s := "<p\"w\\\u2028\xff&>"
	for _, f := range []*machine.Flow{
		{ID: "f", RequestedAAL: machine.AAL1},
		{ID: "f", RequestedAAL: machine.AAL2, CSRFToken: s, Nodes: []machine.Node{{Name: "identifier", Type: "hidden", Value: s}}},
	} {
		resend := codeBody(f, s)
		resend.Resend = &s
		for _, body := range []any{
			client.UpdateLoginFlowWithPasswordMethod{CsrfToken: csrfOf(f), Method: "password", Identifier: s, Password: s},
			codeBody(f, s), resend,
			client.UpdateLoginFlowWithCodeMethod{Method: "code", Code: &s, CsrfToken: f.CSRFToken, Identifier: &s},
			client.UpdateLoginFlowWithIdentifierFirstMethod{CsrfToken: csrfOf(f), Method: "identifier_first", Identifier: s},
			client.UpdateLoginFlowWithTotpMethod{CsrfToken: csrfOf(f), Method: "totp", TotpCode: s},
			client.UpdateLoginFlowWithLookupSecretMethod{CsrfToken: csrfOf(f), Method: "lookup_secret", LookupSecret: s},
			client.UpdateLoginFlowWithPasskeyMethod{CsrfToken: csrfOf(f), Method: "passkey", PasskeyLogin: &s},
			client.UpdateLoginFlowWithWebAuthnMethod{CsrfToken: csrfOf(f), Method: "webauthn", Identifier: heldIdentifier(f), WebauthnLogin: &s},
			client.UpdateLoginFlowWithPasswordMethod{Method: "password", AdditionalProperties: map[string]interface{}{"x": s, "n": 1.5}},
			map[string]string{"session_token": s},
		} {
			want, werr := json.Marshal(body)
			got, err := encodeBody(body)
			if werr != nil || err != nil || string(got) != string(want) {
				t.Errorf("%T: encodeBody %s, %v\njson.Marshal %s, %v", body, got, err, want, werr)
			}
		}
	}
}
