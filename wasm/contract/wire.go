package contract

import (
	"strconv"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/machine"
)

// The AppendJSON methods write the contract's shapes exactly as
// json.Marshal writes them from their struct tags (wire_test.go holds them
// equal), for the bridge, which hands them to JSON.parse, without linking
// encoding/json into the wasm.

// AppendJSON writes s as JSON.
func (s State) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"step":`...)
	dst = jsonwire.AppendString(dst, string(s.Step))
	dst = append(dst, `,"flowKind":`...)
	dst = jsonwire.AppendString(dst, string(s.FlowKind))
	dst = appendField(dst, "flowId", s.FlowID)
	dst = appendField(dst, "requestedAAL", s.RequestedAAL)
	dst = appendField(dst, "aal", s.AAL)
	dst = append(dst, `,"addresses":`...)
	dst = jsonwire.AppendStrings(dst, s.Addresses)
	dst = append(dst, `,"methods":`...)
	dst, _ = jsonwire.AppendSlice(dst, s.Methods, func(dst []byte, m machine.Method) ([]byte, error) {
		return jsonwire.AppendString(dst, string(m)), nil
	})
	dst = appendField(dst, "identifier", s.Identifier)
	dst = append(dst, `,"messages":`...)
	dst, err := appendMessages(dst, s.Messages)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"session":`...)
	if dst, err = s.Session.AppendJSON(dst); err != nil {
		return dst, err
	}
	return append(dst, '}'), nil
}

// appendField writes `,"name":` and the nullable string p.
func appendField(dst []byte, name string, p *string) []byte {
	dst = append(append(append(dst, `,"`...), name...), `":`...)
	dst, _ = jsonwire.AppendAny(dst, p)
	return dst
}

func appendMessages(dst []byte, ms []Message) ([]byte, error) {
	return jsonwire.AppendSlice(dst, ms, func(dst []byte, m Message) ([]byte, error) { return m.AppendJSON(dst) })
}

// AppendJSON writes m as JSON; field and context are left out when empty.
func (m Message) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"id":`...)
	dst = strconv.AppendInt(dst, int64(m.ID), 10)
	dst = append(dst, `,"type":`...)
	dst = jsonwire.AppendString(dst, m.Type)
	dst = append(dst, `,"text":`...)
	dst = jsonwire.AppendString(dst, m.Text)
	if m.Field != "" {
		dst = append(dst, `,"field":`...)
		dst = jsonwire.AppendString(dst, m.Field)
	}
	if len(m.Context) > 0 {
		dst = append(dst, `,"context":`...)
		var err error
		if dst, err = jsonwire.AppendAny(dst, m.Context); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// AppendJSON writes the session as JSON, null for none.
func (s *Session) AppendJSON(dst []byte) ([]byte, error) {
	if s == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, `{"id":`...)
	dst = jsonwire.AppendString(dst, s.ID)
	dst = append(dst, `,"active":`...)
	dst = strconv.AppendBool(dst, s.Active)
	dst = appendField(dst, "aal", s.AAL)
	dst = appendField(dst, "expiresAt", s.ExpiresAt)
	dst = appendField(dst, "authenticatedAt", s.AuthenticatedAt)
	dst = append(dst, `,"methods":`...)
	dst = jsonwire.AppendStrings(dst, s.Methods)
	dst = append(dst, `,"identity":`...)
	dst, err := s.Identity.AppendJSON(dst)
	if err != nil {
		return dst, err
	}
	return append(dst, '}'), nil
}

// AppendJSON writes the identity as JSON, null for none.
func (i *Identity) AppendJSON(dst []byte) ([]byte, error) {
	if i == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, `{"id":`...)
	dst = jsonwire.AppendString(dst, i.ID)
	dst = append(dst, `,"traits":`...)
	dst, err := jsonwire.AppendAny(dst, i.Traits)
	if err != nil {
		return dst, err
	}
	return append(dst, '}'), nil
}

// AppendJSON writes the error's details as JSON.
func (e ErrorDetails) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, `{"code":`...)
	dst = jsonwire.AppendString(dst, string(e.Code))
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(e.Status), 10)
	dst = append(dst, `,"messages":`...)
	dst, err := appendMessages(dst, e.Messages)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"retryAfter":`...)
	dst = strconv.AppendInt(dst, int64(e.RetryAfter), 10)
	return append(dst, '}'), nil
}
