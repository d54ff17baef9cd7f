package offline

import "fmt"

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
	return fmt.Sprintf("offline: unknown Kratos release %q (want %q or %q)", e.Name, KratosV1_3_1, KratosV26_2_0)
}

// LoginStyle is selfservice.flows.login.style.
type LoginStyle string

const (
	// LoginUnified asks for identifier and password on one screen.
	LoginUnified LoginStyle = "unified"
	// LoginIdentifierFirst asks for the identifier alone first (Ory
	// Network's Account Experience), then for the password.
	LoginIdentifierFirst LoginStyle = "identifier_first"
)

// v26 reports whether the Ory speaks v26 (the auto-send and the smaller
// changes that came with it).
func (o *Ory) v26() bool { return o.kratos == KratosV26_2_0 }

// flowKind is a login flow's type.
type flowKind string

const (
	kindAPI     flowKind = "api"
	kindBrowser flowKind = "browser"
)

// flowState is a login flow's state.
type flowState string

const (
	stateChooseMethod    flowState = "choose_method"
	stateSentEmail       flowState = "sent_email"
	statePassedChallenge flowState = "passed_challenge"
)

// aal is an authenticator assurance level. Its values order as the levels
// do ("aal1" < "aal2"), which the flow checks rely on.
type aal string

const (
	aal1 aal = "aal1"
	aal2 aal = "aal2"
)
