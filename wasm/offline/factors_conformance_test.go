//go:build !js

package offline

import (
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/internal/totp"
)

// The "factors" configuration: a Kratos with totp, lookup_secret and an
// SMS code channel, where alice has a phone, an authenticator app and
// backup codes; the offline Ory gives her the same (its own secret and
// codes, which no answer shows).
func init() {
	configs["factors"] = &config{name: "factors",
		kratos: testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"},
			Env: kratoslocal.Methods{TOTP: true, LookupSecret: true, SMS: true}.Env()}),
		offline: Options{ReturnURL: returnURL},
		factors: true}
	scenarios = append(scenarios, factorScenarios...)
	recordings = append(recordings, "totp", "backup codes", "sms code")
}

// testTOTPSecret and testBackupCodes are the offline alice's factors.
const testTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

var testBackupCodes = []string{"a1b2c3d4", "e5f6g7h8", "i9j0k1l2"}

// transcriptPhone stands for alice's phone in transcripts;
// unknownBackupCode is a backup code that is none.
const (
	transcriptPhone   = "+4915112345678"
	unknownBackupCode = "zzzzzzzz"
)

// mustTOTP is secret's current code.
func mustTOTP(t testing.TB, secret string) string {
	c, err := totp.Code(secret, time.Now())
	if err != nil && t != nil {
		t.Fatalf("totp: %v", err)
	}
	return c
}

var factorScenarios = []scenario{
	{"totp", "factors", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.getFlow("get aal2 flow", id)
		d.submit("totp without code", id, map[string]any{"method": "totp"})
		d.submitTOTP("wrong totp code", id, wrongCode(d.b.totp()))
		d.submitTOTP("right totp code", id, d.b.totp())
		d.whoami("whoami after totp")
	}},
	{"backup codes", "factors", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.submitLookup("unknown backup code", id, unknownBackupCode)
		d.submitLookup("right backup code", id, d.b.backupCodes[0])
		d.whoami("whoami after backup code")
		// Signed out first: a browser that still holds the session gets
		// session_already_available and never reaches the used code.
		d.logout()
		d.useToken = false
		d.login(u.alice, u.alicePass)
		id = d.createFlow("create aal2 flow again", "aal=aal2")
		d.submitLookup("used backup code", id, d.b.backupCodes[0])
		// Not compared: a second session's aal2 answer, whose unsaved
		// device Kratos names with the first session's device id.
	}},
	{"sms code", "factors", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendCode("send code by sms", id, u.phone)
		d.verifyCode("verify sms code", id, d.b.code(u.phone))
		d.whoami("whoami after sms code")
	}},
}
