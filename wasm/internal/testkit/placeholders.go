package testkit

import (
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/secret"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// placeholders are what a recorded transcript holds in place of the value
// of each secret key (wasm/internal/secret), in bodies and as the value of
// UI nodes of that name.
var placeholders = map[string]string{
	"password":      replay.PlaceholderPassword,
	"code":          replay.PlaceholderCode,
	"totp_code":     replay.PlaceholderCode, // six digits, as a TOTP code is
	"csrf_token":    replay.PlaceholderCSRF,
	"session_token": replay.PlaceholderSessionToken,
	"logout_token":  replay.PlaceholderLogoutToken,
	"token":         replay.PlaceholderLogoutToken, // a logout URL's query parameter
}

// Placeholder returns what a transcript holds instead of the value of the
// secret key k ("password": replay.PlaceholderPassword); a secret key
// without a placeholder of its own gets "<k>". ok is false when k is not a
// secret key (secret.Key).
func Placeholder(k string) (p string, ok bool) {
	if !secret.Key(k) {
		return "", false
	}
	if p, ok := placeholders[k]; ok {
		return p, true
	}
	return "<" + k + ">", true
}

// Scrubbed says whether s is what a transcript may hold for the secret key
// k: its placeholder, or for a code one of the recorder's numbered stand-ins
// (the newest mailed code 000000, older ones 000001, 000002…, and 111111 for
// a code the person got wrong), which keep "an older code after a resend"
// readable in a transcript without any real code in it.
func Scrubbed(k, s string) bool {
	p, ok := Placeholder(k)
	if !ok || s == p {
		return true
	}
	switch k {
	case "code", "totp_code":
		return s == "111111" || (len(s) == 6 && strings.HasPrefix(s, "0000") && s[4] >= '0' && s[4] <= '9' && s[5] >= '0' && s[5] <= '9')
	}
	return false
}

// HeaderPlaceholder returns what a transcript holds instead of the value v
// of the secret request header h (secret.Header): the session token's
// placeholder, after v's auth scheme if it has one ("Bearer …"), or
// replay.PlaceholderCookie for Cookie. ok is false when h is not secret.
func HeaderPlaceholder(h, v string) (p string, ok bool) {
	if !secret.Header(h) {
		return "", false
	}
	if h == "Cookie" {
		return replay.PlaceholderCookie, true
	}
	if scheme, _, found := strings.Cut(v, " "); found {
		return scheme + " " + replay.PlaceholderSessionToken, true
	}
	return replay.PlaceholderSessionToken, true
}
