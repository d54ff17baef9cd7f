package offline

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
)

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// isUUID reports whether s is a UUID in its canonical text form, not the
// nil UUID (Kratos treats a malformed or nil flow id alike).
func isUUID(s string) bool {
	if len(s) != 36 || s == "00000000-0000-0000-0000-000000000000" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

const (
	alphaNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	digits   = "0123456789"
)

// randomString returns n characters drawn uniformly from alphabet.
func randomString(n int, alphabet string) string {
	out := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet) // reject bytes that would bias the draw
	var buf [64]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:])
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// newSessionToken returns a session token shaped like Kratos's.
func newSessionToken() string { return "ory_st_" + randomString(32, alphaNum) }

// newLogoutToken returns a logout token shaped like Kratos's.
func newLogoutToken() string { return "ory_lo_" + randomString(32, alphaNum) }

// newCode returns a six-digit one-time code.
func newCode() string { return randomString(6, digits) }

// newCSRFSecret returns the raw anti-CSRF token kept in the csrf cookie:
// 32 random bytes, base64 (as nosurf makes it).
func newCSRFSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}
