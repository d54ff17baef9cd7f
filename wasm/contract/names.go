// Package contract is the JS contract of orylogin in plain Go: the shapes
// of State, Message, Session, Identity and the error details with their
// JSON names, the step, error code, method, client member and event names,
// and the conversion from the machine's State. The bridge (the JS API) and
// the widget (<ory-login>) both use it; a test holds it equal to
// web/orylogin.d.ts, so the two cannot drift.
package contract

import "github.com/orylogin/orylogin/wasm/machine"

// The machine's names are the contract's: these aliases say so.
type (
	Step   = machine.Step
	Code   = machine.Code
	Method = machine.Method
	AAL    = machine.AAL
)

// Steps, as State.step names them (type Step in orylogin.d.ts).
const (
	StepIdle          = machine.StepIdle
	StepIdentifier    = machine.StepIdentifier
	StepPassword      = machine.StepPassword
	StepChooseMethod  = machine.StepChooseMethod
	StepCodeSent      = machine.StepCodeSent
	StepAuthenticated = machine.StepAuthenticated
	StepSignedOut     = machine.StepSignedOut
)

// Steps lists every Step.
var Steps = []Step{StepIdle, StepIdentifier, StepPassword, StepChooseMethod, StepCodeSent, StepAuthenticated, StepSignedOut}

// Levels.
const (
	AAL1 = machine.AAL1
	AAL2 = machine.AAL2
)

// Message types (Message.type).
const (
	MessageInfo    = "info"
	MessageError   = "error"
	MessageSuccess = "success"
)

// Member names a member of the JS Client (interface Client).
type Member string

// The Promise-returning calls of a Client.
const (
	CallStartLogin         Member = "startLogin"
	CallSubmitPassword     Member = "submitPassword"
	CallSubmitIdentifier   Member = "submitIdentifier"
	CallSubmitTOTP         Member = "submitTotp"
	CallSubmitLookupSecret Member = "submitLookupSecret"
	CallStartStepUp        Member = "startStepUp"
	CallSendCode           Member = "sendCode"
	CallSubmitCode         Member = "submitCode"
	CallResendCode         Member = "resendCode"
	CallWhoami             Member = "whoami"
	CallLogout             Member = "logout"
)

// The synchronous members of a Client.
const (
	MemberOn        Member = "on"
	MemberExchanges Member = "exchanges"
	MemberState     Member = "state"
)

// Calls lists the Promise-returning calls; SyncMembers the others.
var (
	Calls = []Member{CallStartLogin, CallSubmitPassword, CallSubmitIdentifier, CallSubmitTOTP,
		CallSubmitLookupSecret, CallStartStepUp, CallSendCode, CallSubmitCode, CallResendCode, CallWhoami, CallLogout}
	SyncMembers = []Member{MemberOn, MemberExchanges, MemberState}
)

// Events: client.on's one event, and the element's (bubbling, composed).
const (
	EventChange               = "change"
	ElementEventChange        = "orylogin:change"        // detail: the State after every transition
	ElementEventAuthenticated = "orylogin:authenticated" // detail: the State, once the aal attribute is met
	ElementEventError         = "orylogin:error"         // detail: the OryLoginError a call rejected with
)

// ElementEvents lists the element's events.
var ElementEvents = []string{ElementEventChange, ElementEventAuthenticated, ElementEventError}

// The element's observed attributes (OryLoginElement.observedAttributes).
const (
	AttrBaseURL = "base-url"
	AttrFlow    = "flow"
	AttrAAL     = "aal"
	AttrOffline = "offline"
)

// Attributes lists them in the order observedAttributes does.
var Attributes = []string{AttrBaseURL, AttrFlow, AttrAAL, AttrOffline}
