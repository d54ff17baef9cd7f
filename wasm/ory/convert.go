package ory

import (
	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/i18n"
	"github.com/orylogin/orylogin/wasm/machine"
)

// toFlow translates client-go's LoginFlow into the machine's Flow.
func toFlow(f *client.LoginFlow) *machine.Flow {
	out := &machine.Flow{
		ID:        f.Id,
		OryState:  stringOf(f.State),
		ExpiresAt: f.ExpiresAt,
		Messages:  toMessages(f.Ui.Messages, ""),
		Refresh:   f.GetRefresh(),
	}
	if f.RequestedAal != nil {
		out.RequestedAAL = machine.AAL(*f.RequestedAal)
	}
	for _, n := range f.Ui.Nodes {
		in := n.Attributes.UiNodeInputAttributes
		if in == nil {
			continue
		}
		value, _ := in.Value.(string)
		if in.Name == "csrf_token" {
			out.CSRFToken = value
		} else {
			out.Nodes = append(out.Nodes, machine.Node{Group: n.Group, Name: in.Name, Type: in.Type, Value: value})
		}
		out.Messages = append(out.Messages, toMessages(n.Messages, in.Name)...)
	}
	return out
}

// stringOf reads client-go's string-typed enums.
func stringOf[T ~string](v T) string { return string(v) }

func toMessages(ms []client.UiText, field string) []machine.Message {
	var out []machine.Message
	for _, m := range ms {
		out = append(out, machine.Message{ID: int(m.Id), Type: m.Type, Text: m.Text, Field: field,
			Context: i18n.PublicContext(m.Context)})
	}
	return out
}

// toSession translates client-go's Session; nil when it lacks an id or a
// known assurance level, which every session Ory hands out has.
func toSession(s *client.Session) *machine.Session {
	if s.Id == "" || s.AuthenticatorAssuranceLevel == nil {
		return nil
	}
	aal := machine.AAL(*s.AuthenticatorAssuranceLevel)
	if aal != machine.AAL1 && aal != machine.AAL2 {
		return nil
	}
	out := &machine.Session{ID: s.Id, AAL: aal, Active: s.GetActive(), ExpiresAt: s.GetExpiresAt(), AuthenticatedAt: s.GetAuthenticatedAt()}
	for _, m := range s.AuthenticationMethods {
		if m.Method != nil {
			out.Methods = append(out.Methods, *m.Method)
		}
	}
	if s.Identity != nil {
		traits, _ := s.Identity.Traits.(map[string]any)
		out.Identity = &machine.Identity{ID: s.Identity.Id, Traits: traits}
	}
	return out
}
