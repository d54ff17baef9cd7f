package contract

import "github.com/orylogin/orylogin/wasm/machine"

// Steps lists every Step (d.ts Step), in the order of the login.
var Steps = []machine.Step{
	machine.StepIdle, machine.StepIdentifier, machine.StepPassword, machine.StepChooseMethod,
	machine.StepCodeSent, machine.StepAuthenticated, machine.StepSignedOut,
}

// Codes lists every error code (d.ts ErrorCode).
var Codes = machine.Codes

// Methods lists every login method (d.ts Method).
var Methods = machine.AllMethods

// The client's functions (d.ts Client): the Promise-returning steps, then
// the synchronous ones and the state getter.
const (
	FnStartLogin         = "startLogin"
	FnSubmitPassword     = "submitPassword"
	FnSubmitIdentifier   = "submitIdentifier"
	FnSubmitTOTP         = "submitTotp"
	FnSubmitLookupSecret = "submitLookupSecret"
	FnSignInWithPasskey  = "signInWithPasskey"
	FnSignInWithKey      = "signInWithSecurityKey"
	FnStartStepUp        = "startStepUp"
	FnSendCode           = "sendCode"
	FnSubmitCode         = "submitCode"
	FnResendCode         = "resendCode"
	FnWhoami             = "whoami"
	FnLogout             = "logout"
	FnOn                 = "on"
	FnExchanges          = "exchanges"
	FnState              = "state"
)

// AsyncFunctions are the client's Promise-returning steps.
var AsyncFunctions = []string{
	FnStartLogin, FnSubmitPassword, FnSubmitIdentifier, FnSubmitTOTP, FnSubmitLookupSecret,
	FnSignInWithPasskey, FnSignInWithKey, FnStartStepUp, FnSendCode, FnSubmitCode, FnResendCode, FnWhoami, FnLogout,
}

// ClientFunctions are every name a client has.
var ClientFunctions = append(append([]string{}, AsyncFunctions...), FnOn, FnExchanges, FnState)

// Events: the client's one event, and the element's (CustomEvents that
// bubble out of shadow trees).
const (
	EventChange               = "change"                 // client.on("change", fn)
	ElementEventChange        = "orylogin:change"        // detail: the State after every transition
	ElementEventAuthenticated = "orylogin:authenticated" // detail: the State, once at the level aal asks for
	ElementEventError         = "orylogin:error"         // detail: the OryLoginError a call rejected with
)

// ElementEvents lists the element's events (d.ts OryLoginElementEventMap).
var ElementEvents = []string{ElementEventChange, ElementEventAuthenticated, ElementEventError}
