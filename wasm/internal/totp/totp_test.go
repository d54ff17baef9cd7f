package totp

import (
	"encoding/base32"
	"testing"
	"time"
)

// TestRFC6238Vectors: the SHA-1 vectors of RFC 6238 appendix B, last six
// digits (the RFC prints eight).
func TestRFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for _, v := range []struct {
		unix int64
		want string
	}{{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}} {
		got, err := Code(secret, time.Unix(v.unix, 0))
		if err != nil || got != v.want {
			t.Errorf("Code at %d = %q, %v; want %q", v.unix, got, err, v.want)
		}
	}
}

func TestValidAllowsOneStepOfSkew(t *testing.T) {
	secret := "JBSWY3DPEHPK3PXP"
	now := time.Unix(1_700_000_000, 0)
	prev, _ := Code(secret, now.Add(-Period))
	next, _ := Code(secret, now.Add(Period))
	old, _ := Code(secret, now.Add(-2*Period))
	if !Valid(secret, prev, now) || !Valid(secret, next, now) {
		t.Error("a code one step off is refused")
	}
	if Valid(secret, old, now) && old != prev {
		t.Error("a code two steps old is accepted")
	}
	if Valid(secret, "12345", now) || Valid("not base32!", prev, now) {
		t.Error("a short code or a bad secret is accepted")
	}
}

func TestSecretFromURL(t *testing.T) {
	s, err := SecretFromURL("otpauth://totp/Ory:alice@example.com?algorithm=SHA1&digits=6&issuer=Ory&period=30&secret=JBSWY3DPEHPK3PXP")
	if err != nil || s != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("SecretFromURL = %q, %v", s, err)
	}
	if _, err := SecretFromURL("otpauth://totp/x?issuer=Ory"); err != ErrSecret {
		t.Fatalf("no secret: %v", err)
	}
}
