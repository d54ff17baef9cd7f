package ory

import (
	"time"

	"github.com/orylogin/orylogin/wasm/i18n"
	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/machine"
)

// Ory's answers are decoded into the lean types below: only the keys the
// machine reads, each with the Go type client-go's model gives it, so that
// an answer client-go accepts is accepted here with the same values
// (oracle_test.go holds the two decoders equal on every recorded answer and
// on random ones). The body is validated in one scan, its top-level keys
// tell its kind (decodeProbed, in the same scan), one decode reads it
// (decode.go, with jsonwire: no encoding/json in the wasm); client-go's
// generated models decoded each nesting level several times.

// bodyKind is what an answer body is.
type bodyKind int

const (
	bodyOther   bodyKind = iota // none of the below: not Ory's
	bodyFlow                    // a login flow: id and ui
	bodySuccess                 // a finished login: session (and session_token)
	bodyError                   // herodot's envelope: error
)

// seen records whether a key is present and not null, without copying its
// value.
type seen bool

// probe tells the kind of a body from its top-level keys.
type probe struct {
	ID      seen `json:"id"`
	UI      seen `json:"ui"`
	Session seen `json:"session"`
	Error   seen `json:"error"`
}

func (p probe) kind() bodyKind {
	switch {
	case bool(p.Error):
		return bodyError
	case bool(p.ID && p.UI):
		return bodyFlow
	case bool(p.Session):
		return bodySuccess
	}
	return bodyOther
}

// parsed is an answer body as classify reads it: at most one of flow,
// success and env is set, by kind.
type parsed struct {
	kind bodyKind
	flow *flowBody
	// session is the finished login's or whoami's session; nil when the body
	// lacks what every session Ory hands out has (toSession).
	session *machine.Session
	token   string // session_token of a finished API login, "" when none
	env     envelope
}

// flowBody is a login flow with the context.reason of each message, which
// tells Ory's generic 4000001 apart (reasons[i] belongs to flow.Messages[i]).
type flowBody struct {
	flow    machine.Flow
	reasons []string
}

// envelope is Ory's (herodot's) error body with the top-level keys some
// errors add.
type envelope struct {
	ID                string // error.id, "" for id-less errors
	Code              int64  // error.code: the HTTP status Ory meant
	RedirectBrowserTo string
	UseFlowID         string
}

type wireText struct {
	ID      int64          `json:"id"`
	Text    string         `json:"text"`
	Type    string         `json:"type"`
	Context map[string]any `json:"context"`
}

type wireNode struct {
	Group      string          `json:"group"`
	Attributes *wireAttributes `json:"attributes"`
	Messages   []wireText      `json:"messages"`
}

// wireAttributes are what the machine reads of a node's attributes: the
// text of each key that holds a JSON string, "" for any other value, so
// that a node type or a shape orylogin does not know never fails the flow.
type wireAttributes struct {
	NodeType, Name, Type, Value string
}

type wireFlow struct {
	ID           string    `json:"id"`
	State        string    `json:"state"`
	Refresh      *bool     `json:"refresh"`
	RequestedAAL *string   `json:"requested_aal"`
	ExpiresAt    time.Time `json:"expires_at"`
	UI           struct {
		Messages []wireText `json:"messages"`
		Nodes    []wireNode `json:"nodes"`
	} `json:"ui"`
}

type wireSession struct {
	ID                    string        `json:"id"`
	Active                *bool         `json:"active"`
	AAL                   *string       `json:"authenticator_assurance_level"`
	ExpiresAt             *time.Time    `json:"expires_at"`
	AuthenticatedAt       *time.Time    `json:"authenticated_at"`
	AuthenticationMethods []wireMethod  `json:"authentication_methods"`
	Identity              *wireIdentity `json:"identity"`
}

type wireMethod struct {
	Method *string `json:"method"`
}

type wireIdentity struct {
	ID     string `json:"id"`
	Traits any    `json:"traits"`
}

type wireSuccess struct {
	Session      wireSession `json:"session"`
	SessionToken *string     `json:"session_token"`
}

type wireError struct {
	Error struct {
		ID   *string `json:"id"`
		Code *int64  `json:"code"`
	} `json:"error"`
	RedirectBrowserTo string `json:"redirect_browser_to"`
	UseFlowID         string `json:"use_flow_id"`
}

// parseLogin decodes the answer to a login-flow request: a flow, a finished
// login or an error envelope. The body is validated once, whatever it
// holds.
func parseLogin(b []byte) (parsed, error) {
	d, p, err := decodeProbed(b)
	if err != nil {
		return parsed{}, err
	}
	switch k := p.kind(); k {
	case bodyError:
		return parseError(d)
	case bodyFlow:
		var w wireFlow
		if err := w.decode(d); err != nil {
			return parsed{}, err
		}
		return parsed{kind: k, flow: w.toFlow()}, nil
	case bodySuccess:
		var w wireSuccess
		if err := w.decode(d); err != nil {
			return parsed{}, err
		}
		out := parsed{kind: k, session: w.Session.toSession()}
		if w.SessionToken != nil {
			out.token = *w.SessionToken
		}
		return out, nil
	}
	return parsed{}, nil
}

// parseWhoAmI decodes whoami's answer: a session (kind bodySuccess) or an
// error envelope.
func parseWhoAmI(b []byte) (parsed, error) {
	d, p, err := decodeProbed(b)
	if err != nil {
		return parsed{}, err
	}
	if p.Error {
		return parseError(d)
	}
	var w wireSession
	if err := w.decode(d); err != nil {
		return parsed{}, err
	}
	return parsed{kind: bodySuccess, session: w.toSession()}, nil
}

func parseError(d *jsonwire.Decoder) (parsed, error) {
	var w wireError
	if err := w.decode(d); err != nil {
		return parsed{}, err
	}
	env := envelope{RedirectBrowserTo: w.RedirectBrowserTo, UseFlowID: w.UseFlowID}
	if w.Error.ID != nil {
		env.ID = *w.Error.ID
	}
	if w.Error.Code != nil {
		env.Code = *w.Error.Code
	}
	return parsed{kind: bodyError, env: env}, nil
}

// toFlow reads the machine's Flow from w: the csrf_token, every other input
// node (the machine's method table reads methods, addresses and the
// identifier Ory holds from them), and every message with the input it
// belongs to. Nodes of a type, group or shape orylogin does not know are
// passed over.
func (w *wireFlow) toFlow() *flowBody {
	out := &flowBody{flow: machine.Flow{ID: w.ID, OryState: w.State, ExpiresAt: w.ExpiresAt}}
	if w.RequestedAAL != nil {
		out.flow.RequestedAAL = machine.AAL(*w.RequestedAAL)
	}
	if w.Refresh != nil {
		out.flow.Refresh = *w.Refresh
	}
	out.addMessages(w.UI.Messages, "")
	for _, n := range w.UI.Nodes {
		at := n.Attributes
		if at == nil || at.NodeType != "input" {
			continue
		}
		out.addNode(n.Group, at.Name, at.Type, at.Value)
		out.addMessages(n.Messages, at.Name)
	}
	return out
}

// addNode keeps the csrf_token apart and every other input as a Node.
func (f *flowBody) addNode(group, name, typ, value string) {
	if name == "csrf_token" {
		f.flow.CSRFToken = value
		return
	}
	f.flow.Nodes = append(f.flow.Nodes, machine.Node{Group: group, Name: name, Type: typ, Value: value})
}

func (f *flowBody) addMessages(ms []wireText, field string) {
	for _, m := range ms {
		f.addMessage(int(m.ID), m.Type, m.Text, m.Context, field)
	}
}

// addMessage keeps one of Ory's messages with the part of its context that
// is safe to keep (i18n.PublicContext), and its reason for the classifier.
func (f *flowBody) addMessage(id int, typ, text string, ctx map[string]any, field string) {
	f.flow.Messages = append(f.flow.Messages, machine.Message{ID: id, Type: typ, Text: text, Field: field,
		Context: i18n.PublicContext(ctx)})
	reason, _ := ctx["reason"].(string)
	f.reasons = append(f.reasons, reason)
}

// toSession reads the machine's Session; nil when it lacks an id or a
// known assurance level, which every session Ory hands out has.
func (w *wireSession) toSession() *machine.Session {
	if w.ID == "" || w.AAL == nil {
		return nil
	}
	aal := machine.AAL(*w.AAL)
	if aal != machine.AAL1 && aal != machine.AAL2 {
		return nil
	}
	out := &machine.Session{ID: w.ID, AAL: aal}
	if w.Active != nil {
		out.Active = *w.Active
	}
	if w.ExpiresAt != nil {
		out.ExpiresAt = *w.ExpiresAt
	}
	if w.AuthenticatedAt != nil {
		out.AuthenticatedAt = *w.AuthenticatedAt
	}
	for _, m := range w.AuthenticationMethods {
		if m.Method != nil {
			out.Methods = append(out.Methods, *m.Method)
		}
	}
	if w.Identity != nil {
		traits, _ := w.Identity.Traits.(map[string]any)
		out.Identity = &machine.Identity{ID: w.Identity.ID, Traits: traits}
	}
	return out
}
