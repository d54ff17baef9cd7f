// Package totp computes RFC 6238 time-based one-time passwords (SHA-1, six
// digits, 30-second steps: what Kratos's totp method and every
// authenticator app use). The offline Ory checks codes with it and shows
// the demo identity's current code in its inbox; tests use it to link and
// answer a real Kratos's TOTP device. It is not a secret store: callers
// hold the secret and must keep it out of logs and errors.
package totp

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Period is the length of one time step.
const Period = 30 * time.Second

// Digits is the length of a code.
const Digits = 6

// ErrSecret is returned for a secret that is not base32.
var ErrSecret = errors.New("totp: the secret is not base32")

// Code returns the code for secret (base32, as in an otpauth:// URL; case,
// spaces and padding do not matter) at t.
func Code(secret string, t time.Time) (string, error) {
	key, err := decode(secret)
	if err != nil {
		return "", err
	}
	return code(key, uint64(t.Unix())/uint64(Period/time.Second)), nil
}

// Valid says whether c is secret's code at t or one step either side (the
// skew Kratos allows).
func Valid(secret, c string, t time.Time) bool {
	key, err := decode(secret)
	if err != nil || len(c) != Digits {
		return false
	}
	step := uint64(t.Unix()) / uint64(Period/time.Second)
	for _, s := range []uint64{step - 1, step, step + 1} {
		if hmac.Equal([]byte(code(key, s)), []byte(c)) {
			return true
		}
	}
	return false
}

// SecretFromURL returns the secret of an otpauth:// URL such as Kratos's
// totp_url, or ErrSecret.
func SecretFromURL(u string) (string, error) {
	_, q, ok := strings.Cut(u, "?")
	if !ok {
		return "", ErrSecret
	}
	for _, kv := range strings.Split(q, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == "secret" && v != "" {
			if _, err := decode(v); err != nil {
				return "", err
			}
			return v, nil
		}
	}
	return "", ErrSecret
}

func decode(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.TrimRight(strings.ReplaceAll(secret, " ", ""), "="))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil || len(key) == 0 {
		return nil, ErrSecret
	}
	return key, nil
}

// code is RFC 4226's HOTP of key at counter.
func code(key []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", Digits, n%1_000_000)
}
