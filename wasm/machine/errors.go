package machine

import (
	"errors"
	"strconv"
)

// Code is the stable, closed set of reasons a step can fail. The strings are
// part of the JS contract.
type Code string

// Error codes. The set is closed: code outside this package must not invent
// new ones.
const (
	CodeInvalidArgument   Code = "invalid_argument"    // a bad argument or option; nothing was sent
	CodeInvalidTransition Code = "invalid_transition"  // the current step does not allow the call; nothing was sent
	CodeBusy              Code = "busy"                // another call is in flight; nothing was sent
	CodeNetwork           Code = "network"             // no HTTP answer (refused, reset, DNS)
	CodeCORSRefused       Code = "cors_refused"        // Ory is up but its CORS settings do not allow this page's origin
	CodeTimeout           Code = "timeout"             // no answer within the request timeout
	CodeServer            Code = "server"              // Ory answered 5xx
	CodeBadResponse       Code = "bad_response"        // an answer that cannot be read as Ory's: truncated, not JSON, too big, unexpected
	CodeRateLimited       Code = "rate_limited"        // Ory answered 429
	CodeAPIFlowInBrowser  Code = "api_flow_in_browser" // Ory refused an API flow because the request came from a browser
	CodeAAL2Required      Code = "aal2_required"       // the session needs a second factor first
	CodeFlowExpired       Code = "flow_expired"        // the flow expired and no new one could be had
	CodeCSRFViolation     Code = "csrf_violation"      // Ory refused a browser-flow request as cross-site (cookies missing)
	CodeInternal          Code = "internal"            // a bug in orylogin (a recovered panic)
	CodeWebAuthnCancelled Code = "webauthn_cancelled"  // the person cancelled the passkey or security key, or it had no credential for Ory; nothing was sent
	CodeWebAuthnRefused   Code = "webauthn_refused"    // the browser or authenticator refused the WebAuthn request (origin, options, device); nothing was sent
)

// Codes lists every Code, for tests and for the JS side.
var Codes = []Code{
	CodeInvalidArgument, CodeInvalidTransition, CodeBusy, CodeNetwork, CodeCORSRefused, CodeTimeout,
	CodeServer, CodeBadResponse, CodeRateLimited, CodeAPIFlowInBrowser, CodeAAL2Required,
	CodeFlowExpired, CodeCSRFViolation, CodeInternal, CodeWebAuthnCancelled, CodeWebAuthnRefused,
}

// Error is the one error type of orylogin. Its text is built only from the
// code, the HTTP status and a fixed description chosen by orylogin, never
// from user input or Ory's bodies, so it cannot carry a password, a code or
// a token.
type Error struct {
	Code     Code
	Status   int       // HTTP status, 0 when none
	Messages []Message // Ory's messages that came with the failure, if any
	// RetryAfter is Ory's Retry-After in seconds for rate_limited, 0 if none.
	RetryAfter int
	detail     string // a fixed phrase from this module
	cause      error  // kept for errors.Is/As; never printed
}

// NewError returns an Error with a fixed description. detail must be a
// constant phrase: never user input, never a body from Ory.
func NewError(code Code, status int, detail string) *Error {
	return &Error{Code: code, Status: status, detail: detail}
}

// Wrap returns e with cause attached for errors.Is and errors.As. The cause
// is never part of Error().
func (e *Error) Wrap(cause error) *Error {
	e.cause = cause
	return e
}

// Error returns "orylogin: <code>[ (HTTP <status>)]: <detail>".
func (e *Error) Error() string {
	s := "orylogin: " + string(e.Code)
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.detail != "" {
		s += ": " + e.detail
	}
	return s
}

// Detail returns the fixed description without code and status.
func (e *Error) Detail() string { return e.detail }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, &Error{Code: CodeBusy}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// CodeOf returns the Code of err, CodeInternal for an error that is not an
// *Error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
