package machine

import (
	"context"
	"time"
)

// Ory is what the machine needs from Ory's self-service login API. Package
// ory's Adapter implements it over a transport; tests implement it directly.
//
// Every method returns either an Answer (Ory answered within the protocol,
// including a wrong password or code) or an *Error (no usable answer). An
// implementation holds the session's credentials (the API flow's token, or
// nothing in the browser flow, where they are cookies) and never exposes them.
type Ory interface {
	Kind() FlowKind
	CreateFlow(ctx context.Context, r FlowRequest) (Answer, error)
	GetFlow(ctx context.Context, id string) (Answer, error)
	SubmitPassword(ctx context.Context, f *Flow, identifier, password string) (Answer, error)
	SendCode(ctx context.Context, f *Flow, address string) (Answer, error)
	ResendCode(ctx context.Context, f *Flow, address string) (Answer, error)
	SubmitCode(ctx context.Context, f *Flow, code string) (Answer, error)
	// SubmitIdentifier sends the first screen of the identifier-first style.
	SubmitIdentifier(ctx context.Context, f *Flow, identifier string) (Answer, error)
	// SubmitTOTP sends an authenticator app's code.
	SubmitTOTP(ctx context.Context, f *Flow, code string) (Answer, error)
	// SubmitLookupSecret sends a backup code.
	SubmitLookupSecret(ctx context.Context, f *Flow, code string) (Answer, error)
	// SubmitPasskey sends a passkey's credential (Authenticator.Get's JSON).
	SubmitPasskey(ctx context.Context, f *Flow, credential string) (Answer, error)
	// SubmitWebAuthn sends a security key's credential on an aal2 flow.
	SubmitWebAuthn(ctx context.Context, f *Flow, credential string) (Answer, error)
	// WhoAmI returns the session, nil without an error when there is none,
	// or an *Error with CodeAAL2Required when Ory wants a second factor.
	WhoAmI(ctx context.Context) (*Session, error)
	// Logout ends the session and forgets its credentials. A session that is
	// already gone is not an error.
	Logout(ctx context.Context) error
}

// FlowRequest asks Ory for a new login flow.
type FlowRequest struct {
	AAL      AAL // "" means AAL1
	Refresh  bool
	ReturnTo string
}

// Flow is a login flow as the machine needs it.
type Flow struct {
	ID           string
	RequestedAAL AAL
	// OryState is Ory's flow state: "choose_method", "sent_email" or
	// "passed_challenge".
	OryState  string
	ExpiresAt time.Time
	// CSRFToken is the browser flow's csrf_token node value ("" in API flows).
	CSRFToken string
	// Refresh marks a flow that re-authenticates the current session
	// (?refresh=true): its submissions carry the session's credentials.
	Refresh bool
	// Nodes are the flow's input nodes; the machine's method table reads
	// the methods, addresses and the identifier Ory holds from them.
	Nodes    []Node
	Messages []Message
}

// Ory's flow states.
const (
	OryStateChooseMethod    = "choose_method"
	OryStateSentEmail       = "sent_email"
	OryStatePassedChallenge = "passed_challenge"
)

// AnswerKind classifies what Ory answered to one request.
type AnswerKind int

// Answer kinds.
const (
	// AnswerFlow: the flow, new or updated (a wrong password or code comes
	// back this way, with Ory's messages in it).
	AnswerFlow AnswerKind = iota + 1
	// AnswerSession: the login finished; Session holds the session.
	AnswerSession
	// AnswerNeedAAL2: the first factor passed but Ory wants the second before
	// it hands out the session (browser: 422 browser_location_change_required;
	// API: a session whose identity Ory withholds). Session may be set.
	AnswerNeedAAL2
	// AnswerFlowReplaced: the AAL1 flow expired; Ory named a new one in
	// NewFlowID (410 with use_flow_id).
	AnswerFlowReplaced
	// AnswerFlowExhausted: Ory refuses more codes on this flow (five
	// attempts); Messages holds Ory's message.
	AnswerFlowExhausted
	// AnswerFlowExpired: the AAL2 flow or its code expired (Ory: 400 "A valid
	// session was detected").
	AnswerFlowExpired
	// AnswerNoSession: an AAL2 flow needs a session and there is none (401).
	AnswerNoSession
	// AnswerSessionExists: Ory will not start this flow because a session
	// already satisfies it (400 session_already_available).
	AnswerSessionExists
)

// Answer is one classified answer from Ory.
type Answer struct {
	Kind      AnswerKind
	Flow      *Flow
	Session   *Session
	NewFlowID string
	Messages  []Message
}
