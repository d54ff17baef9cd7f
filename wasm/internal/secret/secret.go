// Package secret names what carries a secret in Ory's login API: the JSON
// keys (in bodies, query strings and UI node names) and the request headers.
// It is the one list that the adapter's masking (wasm/ory), the fault
// proxy's log (wasm/cmd/faultproxy) and the transcript recorder
// (wasm/offline's TestRecord, through wasm/internal/testkit) read, so a new
// method's secret (a TOTP code, a backup code) is added here once.
//
// Plain Go, no dependencies: it builds for the host and for js/wasm.
package secret

import (
	"slices"
	"strings"
)

// keys are the JSON keys whose string values are secrets wherever they
// appear, and the UI node names whose "value" is one: what a person types
// (password, code, totp_code, lookup_secret: a backup code), what the
// authenticator signs (passkey_login, webauthn_login: a WebAuthn
// assertion) and what Ory issues (tokens, csrf_token). "token" is a logout
// URL's query parameter.
var keys = []string{
	"code",
	"csrf_token",
	"logout_token",
	"lookup_secret",
	"passkey_login",
	"password",
	"session_token",
	"session_token_exchange_code",
	"token",
	"totp_code",
	"webauthn_login",
}

// headers are the request headers (canonical form) whose values are secrets.
var headers = []string{"Authorization", "Cookie", "X-Session-Token"}

// Key reports whether the JSON key, query parameter or node name k carries
// a secret.
func Key(k string) bool { return slices.Contains(keys, k) }

// Keys returns the secret keys, sorted.
func Keys() []string { return slices.Clone(keys) }

// Header reports whether the request header h carries a secret, in any
// letter case, as HTTP compares header names (transport.Request has them
// canonical, but a secret must not slip through a different spelling).
func Header(h string) bool {
	for _, s := range headers { // a loop, not a closure: no allocation per header
		if strings.EqualFold(s, h) {
			return true
		}
	}
	return false
}

// Headers returns the secret request headers, sorted.
func Headers() []string { return slices.Clone(headers) }
