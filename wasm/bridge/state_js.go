//go:build js && wasm

package bridge

import (
	"encoding/json"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/machine"
)

// jsState is machine.State as the JS contract shapes it.
type jsState struct {
	Step         machine.Step     `json:"step"`
	FlowKind     machine.FlowKind `json:"flowKind"`
	FlowID       *string          `json:"flowId"`
	RequestedAAL *string          `json:"requestedAAL"`
	AAL          *string          `json:"aal"`
	Addresses    []string         `json:"addresses"`
	Methods      []machine.Method `json:"methods"`
	Identifier   *string          `json:"identifier"`
	Messages     []jsMessage      `json:"messages"`
	Session      *jsSession       `json:"session"`
}

// jsMessage is one of Ory's messages; field is left out when empty.
type jsMessage struct {
	ID    int    `json:"id"`
	Type  string `json:"type"`
	Text  string `json:"text"`
	Field string `json:"field,omitempty"`
	// Context is Ory's, without what may be secret (the adapter keeps only
	// i18n.PublicContext).
	Context map[string]any `json:"context,omitempty"`
}

// jsSession is a session; times are ISO 8601 strings as Date.toISOString
// writes them, or null when unknown.
type jsSession struct {
	ID              string      `json:"id"`
	Active          bool        `json:"active"`
	AAL             *string     `json:"aal"`
	ExpiresAt       *string     `json:"expiresAt"`
	AuthenticatedAt *string     `json:"authenticatedAt"`
	Methods         []string    `json:"methods"`
	Identity        *jsIdentity `json:"identity"`
}

// jsIdentity is the session's identity; traits is {} when Ory sent none.
type jsIdentity struct {
	ID     string         `json:"id"`
	Traits map[string]any `json:"traits"`
}

func toJSState(s machine.State) jsState {
	out := jsState{
		Step:         s.Step,
		FlowKind:     s.FlowKind,
		FlowID:       nullable(s.FlowID),
		RequestedAAL: nullable(string(s.RequestedAAL)),
		AAL:          nullable(string(s.AAL)),
		Addresses:    append([]string{}, s.Addresses...),
		Methods:      append([]machine.Method{}, s.Methods...),
		Identifier:   nullable(s.Identifier),
		Messages:     toJSMessages(s.Messages),
		Session:      toJSSession(s.Session),
	}
	return out
}

func toJSMessages(ms []machine.Message) []jsMessage {
	out := make([]jsMessage, 0, len(ms))
	for _, m := range ms {
		out = append(out, jsMessage{ID: m.ID, Type: m.Type, Text: m.Text, Field: m.Field, Context: m.Context})
	}
	return out
}

func toJSSession(s *machine.Session) *jsSession {
	if s == nil {
		return nil
	}
	out := &jsSession{
		ID:              s.ID,
		Active:          s.Active,
		AAL:             nullable(string(s.AAL)),
		ExpiresAt:       isoTime(s.ExpiresAt),
		AuthenticatedAt: isoTime(s.AuthenticatedAt),
		Methods:         append([]string{}, s.Methods...),
	}
	if s.Identity != nil {
		out.Identity = &jsIdentity{ID: s.Identity.ID, Traits: s.Identity.Traits}
		if out.Identity.Traits == nil {
			out.Identity.Traits = map[string]any{}
		}
	}
	return out
}

// isoTime formats t as Date.prototype.toISOString does, nil for the zero
// time.
func isoTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format("2006-01-02T15:04:05.000Z")
	return &s
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// fromJSON returns v as a JS value, by way of JSON.parse: the shapes above
// (nulls, optional fields, arbitrary traits) come out exactly.
func (b *Bridge) fromJSON(v any) (safejs.Value, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return safejs.Undefined(), err
	}
	return b.json.Call("parse", string(data))
}
