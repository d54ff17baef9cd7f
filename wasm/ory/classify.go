package ory

import (
	"bytes"
	"encoding/json"
	"strings"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Ory's message ids that change what the machine does.
const (
	msgGenericValidation = 4000001 // one id, several meanings: told apart by text
)

// probe reads the top-level keys of a body to tell its kind: a flow (id and
// ui), a session success (session), or an error envelope (error).
type probe struct {
	ID      json.RawMessage `json:"id"`
	UI      json.RawMessage `json:"ui"`
	Session json.RawMessage `json:"session"`
	Error   json.RawMessage `json:"error"`
}

// classify turns a login-flow response into an Answer or an *machine.Error.
// It decides by the body's kind, Ory's state and message ids, not by the
// status: "code sent" is a 400 with the flow in state sent_email. sent is
// the flow the request went to (nil for flow creation).
func (a *Adapter) classify(res *transport.Response, sent *machine.Flow) (machine.Answer, error) {
	var p probe
	if err := json.Unmarshal(res.Body, &p); err != nil {
		return machine.Answer{}, badResponse(res.Status)
	}
	switch {
	case p.Error != nil:
		var env envelope
		if json.Unmarshal(res.Body, &env) != nil {
			return machine.Answer{}, badResponse(res.Status)
		}
		return a.classifyError(res.Status, env, sent)
	case p.ID != nil && p.UI != nil:
		var f client.LoginFlow
		if err := json.Unmarshal(res.Body, &f); err != nil {
			return machine.Answer{}, badResponse(res.Status)
		}
		return a.classifyFlow(res.Status, toFlow(&f), sent)
	case p.Session != nil && !bytes.Equal(p.Session, []byte("null")):
		var s client.SuccessfulNativeLogin
		if res.Status != 200 || json.Unmarshal(res.Body, &s) != nil {
			return machine.Answer{}, badResponse(res.Status)
		}
		if a.kind == machine.FlowAPI && s.SessionToken != nil {
			a.setToken(*s.SessionToken)
		}
		sess := toSession(&s.Session)
		if sess == nil {
			return machine.Answer{}, badResponse(res.Status)
		}
		if sess.Identity == nil {
			// Ory withholds the identity of an AAL1 session that must step
			// up (session.whoami.required_aal: highest_available).
			return machine.Answer{Kind: machine.AnswerNeedAAL2, Session: sess}, nil
		}
		return machine.Answer{Kind: machine.AnswerSession, Session: sess}, nil
	}
	return machine.Answer{}, badResponse(res.Status)
}

// classifyFlow reads the meaning of Ory's generic message 4000001, which
// stands for several unrelated refusals; everything else is the flow.
func (a *Adapter) classifyFlow(status int, f *machine.Flow, sent *machine.Flow) (machine.Answer, error) {
	if f.ID == "" || (f.RequestedAAL != "" && f.RequestedAAL != machine.AAL1 && f.RequestedAAL != machine.AAL2) {
		return machine.Answer{}, badResponse(status)
	}
	for _, m := range f.Messages {
		if m.ID != msgGenericValidation {
			continue
		}
		switch {
		case strings.Contains(m.Text, `included the "Origin" key`), strings.Contains(m.Text, `included the "Cookie" key`):
			e := machine.NewError(machine.CodeAPIFlowInBrowser, status,
				"Ory refuses API flows from a browser; use the browser flow")
			return machine.Answer{}, e
		case strings.Contains(m.Text, "submitted too often"):
			return machine.Answer{Kind: machine.AnswerFlowExhausted, Messages: []machine.Message{m}}, nil
		case strings.Contains(m.Text, "valid session was detected"):
			if f.RequestedAAL == machine.AAL2 {
				return machine.Answer{Kind: machine.AnswerFlowExpired}, nil
			}
			return machine.Answer{Kind: machine.AnswerSessionExists}, nil
		}
	}
	if sent != nil && f.ID != sent.ID {
		return machine.Answer{}, badResponse(status)
	}
	if f.CSRFToken == "" && sent != nil {
		f.CSRFToken = sent.CSRFToken
	}
	return machine.Answer{Kind: machine.AnswerFlow, Flow: f}, nil
}

// classifyError maps Ory's error envelope to an answer the machine can act
// on, or to a typed error.
func (a *Adapter) classifyError(status int, env envelope, sent *machine.Flow) (machine.Answer, error) {
	switch env.id() {
	case "self_service_flow_expired":
		return machine.Answer{Kind: machine.AnswerFlowReplaced, NewFlowID: env.UseFlowID}, nil
	case "browser_location_change_required":
		if strings.Contains(env.RedirectBrowserTo, "aal=aal2") {
			return machine.Answer{Kind: machine.AnswerNeedAAL2}, nil
		}
		return machine.Answer{Kind: machine.AnswerSessionExists}, nil
	case "session_aal1_required":
		a.setToken("")
		return machine.Answer{Kind: machine.AnswerNoSession}, nil
	case "session_already_available":
		return machine.Answer{Kind: machine.AnswerSessionExists}, nil
	case "session_aal2_required":
		return machine.Answer{}, machine.NewError(machine.CodeAAL2Required, status, "the session needs a second factor")
	}
	if status == 404 && sent != nil {
		// The flow is gone: start a new one of the same level.
		return machine.Answer{Kind: machine.AnswerFlowReplaced}, nil
	}
	return machine.Answer{}, errorFromEnvelope(status, env)
}

// envelope is Ory's (herodot's) error body with the top-level keys that
// some errors add.
type envelope struct {
	client.ErrorGeneric
	RedirectBrowserTo string `json:"redirect_browser_to"`
	UseFlowID         string `json:"use_flow_id"`
}

// UnmarshalJSON decodes both the embedded envelope and the extra keys
// (the embedded type's own UnmarshalJSON would otherwise hide them).
func (e *envelope) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &e.ErrorGeneric); err != nil {
		return err
	}
	var extra struct {
		RedirectBrowserTo string `json:"redirect_browser_to"`
		UseFlowID         string `json:"use_flow_id"`
	}
	if err := json.Unmarshal(b, &extra); err != nil {
		return err
	}
	e.RedirectBrowserTo, e.UseFlowID = extra.RedirectBrowserTo, extra.UseFlowID
	return nil
}

func (e envelope) id() string { return e.Error.GetId() }

// decodeError returns the envelope when body is one.
func decodeError(body []byte) (envelope, bool) {
	var p probe
	if json.Unmarshal(body, &p) != nil || p.Error == nil {
		return envelope{}, false
	}
	var env envelope
	return env, json.Unmarshal(body, &env) == nil
}

// errorFromEnvelope is the error for an envelope the protocol gives no
// meaning to: a security refusal, or a status orylogin cannot act on.
func errorFromEnvelope(status int, env envelope) error {
	if env.id() == "security_csrf_violation" {
		return machine.NewError(machine.CodeCSRFViolation, status,
			"Ory refused the request as cross-site; serve the page and Ory from one site")
	}
	return badResponse(status)
}

func badResponse(status int) *machine.Error {
	return machine.NewError(machine.CodeBadResponse, status, "Ory's answer could not be used")
}
