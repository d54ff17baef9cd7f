package offline

import "github.com/orylogin/orylogin/wasm/offlineapi"

// Kratos names the Kratos release whose answers an Ory gives (see
// offlineapi, where the names live so that the JS bridge can use them
// without linking the offline Ory).
type Kratos = offlineapi.Kratos

// The Kratos releases the offline Ory speaks, each held equal to the real
// release by the conformance suite (live and recorded).
const (
	KratosV1_3_1  = offlineapi.KratosV1_3_1
	KratosV26_2_0 = offlineapi.KratosV26_2_0
	DefaultKratos = offlineapi.DefaultKratos
)

// ParseKratos reads a release name ("" = DefaultKratos).
func ParseKratos(s string) (Kratos, error) { return offlineapi.ParseKratos(s) }

// UnknownKratosError is ParseKratos's error for a release the offline Ory
// does not speak.
type UnknownKratosError = offlineapi.UnknownKratosError

// LoginStyle is selfservice.flows.login.style (see offlineapi, where the
// names live so that the JS bridge can use them).
type LoginStyle = offlineapi.LoginStyle

const (
	// LoginUnified asks for identifier and password on one screen.
	LoginUnified = offlineapi.LoginUnified
	// LoginIdentifierFirst asks for the identifier alone first (Ory
	// Network's Account Experience), then for the password.
	LoginIdentifierFirst = offlineapi.LoginIdentifierFirst
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
