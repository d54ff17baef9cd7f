// Package offlineapi holds the offline Ory's public names: the identities
// it is reset with, the mails its courier sends, and the Kratos releases it
// speaks. They live apart from package offline so that the JS bridge can
// drive an offline Ory through an interface without importing, and so
// linking, the offline Ory itself: orylogin.wasm has none, only
// orylogin-offline.wasm does.
package offlineapi

import "strconv"

// Identity is one person the offline Ory knows. Email and Password are
// the first factor (and Email a code address); the other fields are second
// factors, each off when left zero, as in a Kratos with totp,
// lookup_secret and an SMS code channel enabled. An identity with any of
// them gets an aal2 flow in state choose_method (no v26 auto-send).
type Identity struct {
	Email, Password string
	// TOTPSecret is a linked authenticator app's base32 secret.
	TOTPSecret string
	// BackupCodes are the identity's unused backup (lookup_secret) codes.
	BackupCodes []string
	// Phone is a second code address, reached by SMS (E.164, +4915112345678).
	Phone string
}

// The demo identity, used when an Ory is reset without identities, and
// the second factors it gets when asked (reset({ factors: true }) in JS):
// an authenticator app whose current code the demo shows, backup codes and
// a phone. Without them v26 mails the aal2 code at once; with them the
// aal2 flow offers every method (choose_method).
const (
	DemoEmail      = "demo@example.com"
	DemoPassword   = "ory-demo-password"
	DemoTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	DemoPhone      = "+4915112345678"
)

// DemoBackupCodes are the demo identity's backup codes (a fresh slice).
func DemoBackupCodes() []string {
	return []string{"k7m2q9x4", "p3v8w6z1", "r5t1y7u2", "h4j9n3b8", "c6d2f5g1", "s8e4a7l3"}
}

// DemoIdentity is the demo identity, with its second factors when factors.
func DemoIdentity(factors bool) Identity {
	id := Identity{Email: DemoEmail, Password: DemoPassword}
	if factors {
		id.TOTPSecret, id.BackupCodes, id.Phone = DemoTOTPSecret, DemoBackupCodes(), DemoPhone
	}
	return id
}

// Factors is what an offline demo shows of an identity's second factors:
// the authenticator app's current code, the backup codes not yet used and
// the phone. It exists for demos only; a real Ory never tells.
type Factors struct {
	TOTP        string   // the current TOTP code; "" without an app
	BackupCodes []string // unused backup codes
	Phone       string
}

// Mail is one message the courier sent, by e-mail or (To a phone) by SMS.
// Code is the one-time code in Body.
type Mail struct{ To, Subject, Body, Code string }

// Kratos names the Kratos release whose answers an Ory gives. Releases
// differ in what a client meets (see Options.Kratos); an Ory speaks one.
type Kratos string

// The Kratos releases the offline Ory speaks, each held equal to the real
// release by the conformance suite (live and recorded).
const (
	// KratosV1_3_1 is the last v1 release: an aal2 flow offers a
	// code/address button and sends nothing until it is pressed.
	KratosV1_3_1 Kratos = "v1.3.1"
	// KratosV26_2_0 is what Ory Network runs: creating an aal2 flow mails
	// the code (one code address, no other second factor), 200 sent_email.
	KratosV26_2_0 Kratos = "v26.2.0"
)

// DefaultKratos is the release an Ory speaks when Options.Kratos is "":
// v26, what Ory Network users see.
const DefaultKratos = KratosV26_2_0

// ParseKratos reads a release name ("" = DefaultKratos), so that callers
// taking it from configuration (the JS offline option) get a typed error
// instead of an Ory that speaks something else.
func ParseKratos(s string) (Kratos, error) {
	switch k := Kratos(s); k {
	case "":
		return DefaultKratos, nil
	case KratosV1_3_1, KratosV26_2_0:
		return k, nil
	}
	return "", &UnknownKratosError{Name: s}
}

// UnknownKratosError is ParseKratos's error for a release the offline Ory
// does not speak.
type UnknownKratosError struct{ Name string }

func (e *UnknownKratosError) Error() string {
	return "offline: unknown Kratos release " + strconv.Quote(e.Name) + " (want " + strconv.Quote(string(KratosV1_3_1)) + " or " + strconv.Quote(string(KratosV26_2_0)) + ")"
}

// LoginStyle is selfservice.flows.login.style: how the offline Ory's login
// flow asks for the first factor.
type LoginStyle string

const (
	// LoginUnified asks for identifier and password on one screen.
	LoginUnified LoginStyle = "unified"
	// LoginIdentifierFirst asks for the identifier alone first (Ory
	// Network's Account Experience), then for the password.
	LoginIdentifierFirst LoginStyle = "identifier_first"
)

// ParseLoginStyle reads a login style name ("" = LoginUnified), so that
// the JS offline option gets a typed error for a style Kratos has not.
func ParseLoginStyle(s string) (LoginStyle, bool) {
	switch st := LoginStyle(s); st {
	case "":
		return LoginUnified, true
	case LoginUnified, LoginIdentifierFirst:
		return st, true
	}
	return "", false
}

// Setup is what an offline Ory is reset to besides its identities: the
// release it speaks, its login style and whether the code method is a
// first factor. The zero value is DefaultKratos, unified, code as the
// second factor.
type Setup struct {
	Kratos     Kratos     // "" = DefaultKratos
	LoginStyle LoginStyle // "" = LoginUnified
	// Passwordless is Kratos's code.passwordless_enabled with mfa_enabled
	// off: "sign in with code" on the aal1 flow, no code at aal2.
	Passwordless bool
}
