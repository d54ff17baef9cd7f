package ory

import (
	"bytes"
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Classification is a pure function: an answer of Ory's (status, the one
// header it needs, the body, the flow the request went to) in, an outcome
// out. It decides by the body's kind, Ory's flow state, message ids and
// error ids; the HTTP status is read only for what has no body to read (a
// redirect, a logout's 204) and for the answers that carry no protocol
// meaning (statusError: 5xx, 429). The adapter applies the outcome (the
// session token change is part of it). Everything that reads an answer of
// Ory's is in this file.

// reply is one answer to a login-flow request.
type reply struct {
	status   int
	location string // the Location header, read only for a redirect
	body     []byte
	// creating is true for flow creation (GET /self-service/login/{kind}).
	creating bool
	// sent is the flow the request posted to; nil for creation and GetFlow.
	sent *machine.Flow
	kind machine.FlowKind
}

// outcome is what an answer means: the Answer or the error, and what
// happens to the API flow's session token.
type outcome struct {
	answer machine.Answer
	err    error
	token  tokenChange
	// newToken is the token to keep when token is tokenSet.
	newToken string
	// readFlow names a flow to GET before the answer is known: Ory answered
	// a flow creation with a redirect to its UI (Kratos v26 without
	// Accept: application/json, the code already sent).
	readFlow string
}

// tokenChange says what the adapter does with the session token.
type tokenChange int

const (
	tokenKeep tokenChange = iota
	tokenSet
	tokenDrop
)

// Ory's message ids that change what the machine does.
const (
	msgGenericValidation = 4000001 // one id, several meanings: told apart by context.reason
)

// refusal is one meaning of Ory's generic message 4000001, told apart by the
// message's context.reason (or its text where Ory gives no context). Adding
// a Kratos dialect is a row here, not a branch in classify.
type refusal struct {
	name   string
	reason string // prefix of context.reason
	kratos string // the versions whose recorded answers carry it
	means  func(status int, f *machine.Flow, m machine.Message) outcome
}

// refusals are the 4000001 reasons the machine acts on; any other reason
// stays a message on the flow.
var refusals = []refusal{
	{"api flow from a browser (Origin header)", `The HTTP Request Header included the "Origin" key`, "v1.3.1 v26.2.0", apiFlowInBrowser},
	{"api flow from a browser (Cookie header)", `The HTTP Request Header included the "Cookie" key`, "v1.3.1 v26.2.0", apiFlowInBrowser},
	{"code attempts used up", "The request was submitted too often", "v1.3.1 v26.2.0", attemptsUsedUp},
	{"a session already satisfies the flow", "A valid session was detected", "v1.3.1 v26.2.0", sessionDetected},
}

// apiFlowInBrowser fails the step and hands Ory's own message to the
// error (Error.Messages), for a page that shows what Ory said.
func apiFlowInBrowser(status int, _ *machine.Flow, m machine.Message) outcome {
	e := machine.NewError(machine.CodeAPIFlowInBrowser, status,
		"Ory refuses API flows from a browser; use the browser flow")
	e.Messages = []machine.Message{m}
	return failed(e)
}

func attemptsUsedUp(_ int, _ *machine.Flow, m machine.Message) outcome {
	return answered(machine.Answer{Kind: machine.AnswerFlowExhausted, Messages: []machine.Message{m}})
}

// sessionDetected: on an AAL2 flow the flow or its code expired; on an AAL1
// flow the session exists already.
func sessionDetected(_ int, f *machine.Flow, _ machine.Message) outcome {
	if f.RequestedAAL == machine.AAL2 {
		return answered(machine.Answer{Kind: machine.AnswerFlowExpired})
	}
	return answered(machine.Answer{Kind: machine.AnswerSessionExists})
}

// refusalOf returns the refusal that message i of f stands for, if any.
func refusalOf(f *flowBody, i int) (refusal, bool) {
	m := f.flow.Messages[i]
	if m.ID != msgGenericValidation {
		return refusal{}, false
	}
	reason := f.reasons[i]
	if reason == "" {
		reason = m.Text
	}
	for _, r := range refusals {
		if strings.HasPrefix(reason, r.reason) {
			return r, true
		}
	}
	return refusal{}, false
}

func answered(a machine.Answer) outcome { return outcome{answer: a} }
func failed(err error) outcome          { return outcome{err: err} }

// classify turns the answer to a login-flow request into an outcome.
func classify(r reply) outcome {
	if isRedirect(r.status) {
		return redirected(r)
	}
	p, err := parseLogin(r.body)
	if err != nil {
		return failed(badResponse(r.status))
	}
	return judge(r, p)
}

// judge classifies a decoded answer.
func judge(r reply, p parsed) outcome {
	switch p.kind {
	case bodyError:
		return classifyError(r, p.env)
	case bodyFlow:
		return classifyFlow(r, p.flow)
	case bodySuccess:
		if p.session == nil {
			return failed(badResponse(r.status))
		}
		o := outcome{answer: machine.Answer{Kind: machine.AnswerSession, Session: p.session}}
		if r.kind == machine.FlowAPI && p.token != "" {
			o.token, o.newToken = tokenSet, p.token
		}
		if p.session.Identity == nil {
			// Ory withholds the identity of an AAL1 session that must step
			// up (session.whoami.required_aal: highest_available).
			o.answer.Kind = machine.AnswerNeedAAL2
		}
		return o
	}
	return failed(badResponse(r.status))
}

// redirected handles an answer with no body to read. The only redirect with
// a meaning is a flow creation's 303 to the UI with ?flow=: Kratos v26
// answers so when the request was not JSON, after it sent the code.
func redirected(r reply) outcome {
	if r.status == 303 && r.creating {
		if id := weburl.Param(r.location, "flow"); id != "" {
			return outcome{readFlow: id}
		}
	}
	return failed(machine.NewError(machine.CodeBadResponse, r.status,
		"Ory redirected instead of answering with JSON (a proxy may drop the Accept: application/json header)"))
}

// classifyFlow reads the refusals Ory hides in a flow; everything else is
// the flow.
func classifyFlow(r reply, fb *flowBody) outcome {
	f := &fb.flow
	if f.ID == "" || (f.RequestedAAL != "" && f.RequestedAAL != machine.AAL1 && f.RequestedAAL != machine.AAL2) {
		return failed(badResponse(r.status))
	}
	for i := range f.Messages {
		if ref, ok := refusalOf(fb, i); ok {
			return ref.means(r.status, f, f.Messages[i])
		}
	}
	if r.sent != nil && f.ID != r.sent.ID {
		return failed(badResponse(r.status))
	}
	if f.CSRFToken == "" && r.sent != nil {
		f.CSRFToken = r.sent.CSRFToken
	}
	return answered(machine.Answer{Kind: machine.AnswerFlow, Flow: f})
}

// classifyError maps Ory's error envelope to an answer the machine can act
// on, or to a typed error.
func classifyError(r reply, env envelope) outcome {
	switch env.ID {
	case "self_service_flow_expired":
		return answered(machine.Answer{Kind: machine.AnswerFlowReplaced, NewFlowID: env.UseFlowID})
	case "browser_location_change_required":
		if strings.Contains(env.RedirectBrowserTo, "aal=aal2") {
			return answered(machine.Answer{Kind: machine.AnswerNeedAAL2})
		}
		return answered(machine.Answer{Kind: machine.AnswerSessionExists})
	case "session_aal1_required":
		return outcome{answer: machine.Answer{Kind: machine.AnswerNoSession}, token: tokenDrop}
	case "session_already_available":
		return answered(machine.Answer{Kind: machine.AnswerSessionExists})
	case "session_aal2_required":
		return failed(machine.NewError(machine.CodeAAL2Required, r.status, "the session needs a second factor"))
	}
	if env.Code == 404 && r.sent != nil {
		// The flow is gone: start a new one of the same level.
		return answered(machine.Answer{Kind: machine.AnswerFlowReplaced})
	}
	return failed(errorFromEnvelope(r.status, env))
}

// classifyWhoAmI turns whoami's answer into an outcome whose Answer is
// AnswerSession (Session nil when there is none).
func classifyWhoAmI(status int, body []byte) outcome {
	if isRedirect(status) {
		return failed(machine.NewError(machine.CodeBadResponse, status, "Ory redirected instead of answering with JSON"))
	}
	p, err := parseWhoAmI(body)
	if err != nil {
		return failed(badResponse(status))
	}
	return judgeWhoAmI(status, p)
}

func judgeWhoAmI(status int, p parsed) outcome {
	switch {
	case p.kind == bodyError && p.env.Code == 401:
		return outcome{answer: machine.Answer{Kind: machine.AnswerSession}, token: tokenDrop}
	case p.kind == bodyError && p.env.ID == "session_aal2_required":
		return failed(machine.NewError(machine.CodeAAL2Required, status, "the session needs a second factor"))
	case p.kind == bodyError:
		return failed(errorFromEnvelope(status, p.env))
	case p.session == nil:
		return failed(badResponse(status))
	}
	return answered(machine.Answer{Kind: machine.AnswerSession, Session: p.session})
}

// errorFromEnvelope is the error for an envelope the protocol gives no
// meaning to: a security refusal, or one orylogin cannot act on.
func errorFromEnvelope(status int, env envelope) error {
	if env.ID == "security_csrf_violation" {
		return machine.NewError(machine.CodeCSRFViolation, status,
			"Ory refused the request as cross-site; serve the page and Ory from one site")
	}
	return badResponse(status)
}

func badResponse(status int) *machine.Error {
	return machine.NewError(machine.CodeBadResponse, status, "Ory's answer could not be used")
}

// statusError returns the error for answers that carry no protocol meaning:
// 5xx, 429, redirects (and fetch's opaque redirect, status 0) unless
// redirectOK, and bodies over the cap.
func statusError(res *transport.Response, redirectOK bool) error {
	switch {
	case res.Status >= 500:
		return machine.NewError(machine.CodeServer, res.Status, "Ory failed")
	case res.Status == 429:
		e := machine.NewError(machine.CodeRateLimited, res.Status, "Ory asks to slow down")
		e.RetryAfter = retryAfter(res.Header["retry-after"])
		return e
	case !redirectOK && isRedirect(res.Status):
		return machine.NewError(machine.CodeBadResponse, res.Status, "Ory redirected instead of answering with JSON")
	case len(res.Body) > transport.MaxBodyBytes:
		return machine.NewError(machine.CodeBadResponse, res.Status, "Ory's answer is too large")
	}
	return nil
}

// retryAfter reads a Retry-After header given in seconds; an HTTP date or
// anything else gives 0.
func retryAfter(v string) int {
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// logoutAnswer accepts Ory's answers to a logout: 204 (Kratos's), or 200
// with no body or a JSON one, for a session ended; Ory's error envelope
// with 400, 401 or 403 for one that was already gone. Anything else — a
// 200 with an HTML page or a cut-off body — is not Ory's, and the session
// may well live on: bad_response.
func logoutAnswer(res *transport.Response) error {
	switch res.Status {
	case 204:
		return nil
	case 200:
		if len(bytes.TrimSpace(res.Body)) == 0 || jsonwire.Valid(res.Body) {
			return nil
		}
	case 400, 401, 403:
		if p, err := parseLogin(res.Body); err == nil && p.kind == bodyError {
			return nil
		}
	}
	return badResponse(res.Status)
}

// isRedirect reports whether status is a redirect, or fetch's opaque
// redirect (status 0): an answer with no body to read.
func isRedirect(status int) bool { return status < 200 || (status >= 300 && status < 400) }
