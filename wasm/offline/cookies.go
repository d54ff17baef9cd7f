package offline

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// sessionCookieName is Kratos's default session cookie name.
const sessionCookieName = "ory_kratos_session"

// csrfMaxAge is nosurf's anti-CSRF cookie lifetime (one year), in seconds.
const csrfMaxAge = 365 * 24 * 60 * 60

// cookie is one Set-Cookie Kratos sends. All of Kratos's cookies are
// HttpOnly, SameSite=Lax and Path=/ under --dev (not Secure on http).
type cookie struct {
	name, value string
	maxAge      int       // seconds; < 0 deletes the cookie
	expires     time.Time // zero = no Expires attribute
}

// String renders c as a Set-Cookie header value, as Go's net/http does.
func (c cookie) String() string {
	var b strings.Builder
	b.WriteString(c.name + "=" + c.value + "; Path=/")
	if !c.expires.IsZero() {
		b.WriteString("; Expires=" + c.expires.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	}
	switch {
	case c.maxAge > 0:
		b.WriteString("; Max-Age=" + strconv.Itoa(c.maxAge))
	case c.maxAge < 0:
		b.WriteString("; Max-Age=0")
	}
	b.WriteString("; HttpOnly; SameSite=Lax")
	return b.String()
}

// csrfCookieName is Kratos's anti-CSRF cookie name for a public base URL:
// csrf_token_ followed by the hex SHA-256 of the URL (with its trailing
// slash, as serve.public.base_url is written).
func csrfCookieName(base string) string {
	sum := sha256.Sum256([]byte(base + "/"))
	return "csrf_token_" + hex.EncodeToString(sum[:])
}

// jar is the browser's cookie jar for this Ory's one origin, used for
// requests with Credentials "include".
type jar map[string]jarEntry

type jarEntry struct {
	value   string
	expires time.Time // zero = session cookie
}

// store applies Set-Cookies to the jar.
func (j jar) store(cs []cookie, now time.Time) {
	for _, c := range cs {
		switch {
		case c.maxAge < 0:
			delete(j, c.name)
		case c.maxAge > 0:
			j[c.name] = jarEntry{c.value, now.Add(time.Duration(c.maxAge) * time.Second)}
		default:
			j[c.name] = jarEntry{c.value, c.expires}
		}
	}
}

// cookies returns the jar's live cookies.
func (j jar) cookies(now time.Time) map[string]string {
	out := map[string]string{}
	for name, e := range j {
		if !e.expires.IsZero() && !now.Before(e.expires) {
			delete(j, name)
			continue
		}
		out[name] = e.value
	}
	return out
}

// parseCookieHeader reads a Cookie header ("a=1; b=2") into m.
func parseCookieHeader(h string, m map[string]string) {
	for _, part := range strings.Split(h, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && name != "" {
			m[name] = strings.Trim(value, `"`)
		}
	}
}

// maskCSRF returns the per-response form of the anti-CSRF secret that goes
// into the csrf_token node: a one-time pad and the secret xor the pad, as
// nosurf masks it, so the value differs on every response.
func maskCSRF(secret string) string {
	raw, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return ""
	}
	pad, _ := base64.StdEncoding.DecodeString(newCSRFSecret())
	out := make([]byte, 0, 2*len(raw))
	out = append(out, pad...)
	for i := range raw {
		out = append(out, raw[i]^pad[i])
	}
	return base64.StdEncoding.EncodeToString(out)
}

// verifyCSRF reports whether sent (masked or not) matches secret.
func verifyCSRF(secret, sent string) bool {
	if secret == "" || sent == "" {
		return false
	}
	real, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(sent)
	if err != nil {
		return false
	}
	switch len(got) {
	case 2 * len(real):
		pad, masked := got[:len(real)], got[len(real):]
		plain := make([]byte, len(real))
		for i := range plain {
			plain[i] = masked[i] ^ pad[i]
		}
		got = plain
	case len(real):
	default:
		return false
	}
	return subtle.ConstantTimeCompare(real, got) == 1
}

// validSecret reports whether v is an anti-CSRF secret nosurf would keep.
func validSecret(v string) bool {
	b, err := base64.StdEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}
