package machine

import "time"

// Step names where a person is in the login. The JS contract uses the same
// strings.
type Step string

// Steps of the login.
const (
	StepIdle          Step = "idle"
	StepIdentifier    Step = "identifier" // identifier-first: the identifier alone first
	StepPassword      Step = "password"
	StepChooseMethod  Step = "choose_method"
	StepCodeSent      Step = "code_sent"
	StepAuthenticated Step = "authenticated"
	StepSignedOut     Step = "signed_out"
)

// FlowKind is Ory's flow type: "browser" (cookies and csrf_token) or "api"
// (a session token held in memory).
type FlowKind string

// Flow kinds.
const (
	FlowBrowser FlowKind = "browser"
	FlowAPI     FlowKind = "api"
)

// AAL is an authenticator assurance level.
type AAL string

// Assurance levels orylogin handles.
const (
	AAL1 AAL = "aal1"
	AAL2 AAL = "aal2"
)

// State is what the machine shows: the step, the flow it is on, what Ory
// said, and the session. It is a value: the machine hands out copies.
type State struct {
	Step         Step
	FlowKind     FlowKind
	FlowID       string // "" when there is no flow
	RequestedAAL AAL    // of the flow; "" when there is none
	AAL          AAL    // of the current session; "" when there is none
	Addresses    []string
	// Methods are the ways the current flow lets the person go on, in
	// the method table's order; empty without a flow.
	Methods []Method
	// Identifier is the identifier Ory already holds for this flow, ""
	// for none.
	Identifier string
	Messages   []Message
	Session    *Session
}

// Message is one of Ory's UI messages (or orylogin's own, see the Msg*
// ids). Field names the input it belongs to, "" for the whole form.
type Message struct {
	ID    int
	Type  string // "info", "error" or "success"
	Text  string
	Field string
	// Context is Ory's context of the message ({"reason": …},
	// {"address": …}), for rendering it in another language; nil for none.
	Context map[string]any
}

// Session is Ory's session as the machine knows it.
type Session struct {
	ID              string
	Active          bool
	AAL             AAL
	ExpiresAt       time.Time
	AuthenticatedAt time.Time
	Methods         []string
	Identity        *Identity // nil when Ory withholds it (step-up pending)
}

// Identity is the person the session belongs to.
type Identity struct {
	ID     string
	Traits map[string]any
}

// clone returns a deep enough copy of s that callers cannot change the
// machine's own slices.
func (s State) clone() State {
	s.Addresses = append([]string(nil), s.Addresses...)
	s.Methods = append([]Method(nil), s.Methods...)
	s.Messages = append([]Message(nil), s.Messages...)
	return s
}
