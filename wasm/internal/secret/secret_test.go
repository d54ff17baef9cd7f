package secret

import (
	"slices"
	"testing"
)

// TestLists: every key a person types or Ory issues as a credential is
// listed, the lists are sorted (Keys and Headers promise it), and a
// harmless key is not a secret.
func TestLists(t *testing.T) {
	for _, k := range []string{"password", "code", "csrf_token", "session_token", "logout_token", "token", "session_token_exchange_code", "totp_code", "lookup_secret", "passkey_login", "webauthn_login"} {
		if !Key(k) {
			t.Errorf("Key(%q) = false", k)
		}
	}
	for _, k := range []string{"identifier", "method", "address", "resend", "value", "totp", ""} {
		if Key(k) {
			t.Errorf("Key(%q) = true", k)
		}
	}
	for _, h := range []string{"Authorization", "Cookie", "X-Session-Token", "authorization", "x-session-token"} {
		if !Header(h) {
			t.Errorf("Header(%q) = false", h)
		}
	}
	if Header("Accept") || Header("Origin") {
		t.Error("a harmless header is a secret")
	}
	if !slices.IsSorted(Keys()) || !slices.IsSorted(Headers()) {
		t.Errorf("unsorted: %v %v", Keys(), Headers())
	}
	Keys()[0] = "changed"
	if Keys()[0] == "changed" {
		t.Error("Keys hands out its own slice")
	}
}
