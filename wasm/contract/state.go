package contract

import (
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
)

// State is machine.State as the JS contract shapes it (d.ts State).
type State struct {
	Step         machine.Step     `json:"step"`
	FlowKind     machine.FlowKind `json:"flowKind"`
	FlowID       *string          `json:"flowId"`
	RequestedAAL *string          `json:"requestedAAL"`
	AAL          *string          `json:"aal"`
	Addresses    []string         `json:"addresses"`
	Methods      []machine.Method `json:"methods"`
	Identifier   *string          `json:"identifier"`
	Messages     []Message        `json:"messages"`
	Session      *Session         `json:"session"`
}

// Message is one of Ory's messages; field is left out when empty.
type Message struct {
	ID    int    `json:"id"`
	Type  string `json:"type"`
	Text  string `json:"text"`
	Field string `json:"field,omitempty"`
	// Context is Ory's, without what may be secret (the adapter keeps only
	// i18n.PublicContext).
	Context map[string]any `json:"context,omitempty"`
}

// Session is a session; times are ISO 8601 strings as Date.toISOString
// writes them, or null when unknown.
type Session struct {
	ID              string    `json:"id"`
	Active          bool      `json:"active"`
	AAL             *string   `json:"aal"`
	ExpiresAt       *string   `json:"expiresAt"`
	AuthenticatedAt *string   `json:"authenticatedAt"`
	Methods         []string  `json:"methods"`
	Identity        *Identity `json:"identity"`
}

// Identity is the session's identity; traits is {} when Ory sent none.
type Identity struct {
	ID     string         `json:"id"`
	Traits map[string]any `json:"traits"`
}

// ErrorDetails is the second argument of OryLoginError's constructor.
type ErrorDetails struct {
	Code       machine.Code `json:"code"`
	Status     int          `json:"status"`
	Messages   []Message    `json:"messages"`
	RetryAfter int          `json:"retryAfter"`
}

// FromMachine returns s as JS sees it.
func FromMachine(s machine.State) State {
	return State{
		Step:         s.Step,
		FlowKind:     s.FlowKind,
		FlowID:       nullable(s.FlowID),
		RequestedAAL: nullable(string(s.RequestedAAL)),
		AAL:          nullable(string(s.AAL)),
		Addresses:    append([]string{}, s.Addresses...),
		Methods:      append([]machine.Method{}, s.Methods...),
		Identifier:   nullable(s.Identifier),
		Messages:     Messages(s.Messages),
		Session:      SessionOf(s.Session),
	}
}

// Messages returns Ory's messages as JS sees them ([] for none).
func Messages(ms []machine.Message) []Message {
	out := make([]Message, 0, len(ms))
	for _, m := range ms {
		out = append(out, Message{ID: m.ID, Type: m.Type, Text: m.Text, Field: m.Field, Context: m.Context})
	}
	return out
}

// ErrorDetailsOf returns e's details as OryLoginError carries them.
func ErrorDetailsOf(e *machine.Error) ErrorDetails {
	return ErrorDetails{Code: e.Code, Status: e.Status, Messages: Messages(e.Messages), RetryAfter: e.RetryAfter}
}

// Str returns a nullable string's value, "" for null.
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// SessionOf returns a session as JS sees it, nil for none.
func SessionOf(s *machine.Session) *Session {
	if s == nil {
		return nil
	}
	out := &Session{
		ID:              s.ID,
		Active:          s.Active,
		AAL:             nullable(string(s.AAL)),
		ExpiresAt:       isoTime(s.ExpiresAt),
		AuthenticatedAt: isoTime(s.AuthenticatedAt),
		Methods:         append([]string{}, s.Methods...),
	}
	if s.Identity != nil {
		out.Identity = &Identity{ID: s.Identity.ID, Traits: s.Identity.Traits}
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
