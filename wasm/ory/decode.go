package ory

import (
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
)

// The decode methods below read the wire types of answer.go with
// jsonwire, exactly as json.Unmarshal fills them from their struct tags
// (wire_test.go holds the two equal on every recorded answer and on random
// ones), so that the wasm links no encoding/json and reads each answer in
// one pass after one validating scan.

// decodeWire reads the body b into w with w's decode method.
func decodeWire(b []byte, decode func(*jsonwire.Decoder) error) error {
	d, err := jsonwire.NewDecoder(b)
	if err != nil {
		return err
	}
	return decode(d)
}

func (w *wireFlow) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "id"):
			return d.StringInto(&w.ID)
		case jsonwire.Key(key, "state"):
			return d.StringInto(&w.State)
		case jsonwire.Key(key, "refresh"):
			return d.BoolPtrInto(&w.Refresh)
		case jsonwire.Key(key, "requested_aal"):
			return d.StringPtrInto(&w.RequestedAAL)
		case jsonwire.Key(key, "expires_at"):
			return unmarshalTime(d.Raw(), &w.ExpiresAt)
		case jsonwire.Key(key, "ui"):
			return d.Struct(func(key []byte) error {
				switch {
				case jsonwire.Key(key, "messages"):
					return decodeTexts(d, &w.UI.Messages)
				case jsonwire.Key(key, "nodes"):
					return jsonwire.Slice(d, &w.UI.Nodes, func(n *wireNode) error { return n.decode(d) })
				}
				return d.Skip()
			})
		}
		return d.Skip()
	})
}

func decodeTexts(d *jsonwire.Decoder, ms *[]wireText) error {
	return jsonwire.Slice(d, ms, func(m *wireText) error { return m.decode(d) })
}

func (m *wireText) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "id"):
			return d.Int64Into(&m.ID)
		case jsonwire.Key(key, "text"):
			return d.StringInto(&m.Text)
		case jsonwire.Key(key, "type"):
			return d.StringInto(&m.Type)
		case jsonwire.Key(key, "context"):
			return d.MapInto(&m.Context)
		}
		return d.Skip()
	})
}

func (n *wireNode) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "group"):
			return d.StringInto(&n.Group)
		case jsonwire.Key(key, "attributes"):
			if d.Null() {
				n.Attributes = nil
				return nil
			}
			if n.Attributes == nil {
				n.Attributes = new(wireAttributes)
			}
			return n.Attributes.decode(d)
		case jsonwire.Key(key, "messages"):
			return decodeTexts(d, &n.Messages)
		}
		return d.Skip()
	})
}

// decode reads a node's attributes afresh: name, type and value under keys
// matched as encoding/json matches them, the node type only under the
// exact key "node_type", as client-go's discriminator reads it, so that
// both decoders see the same nodes. A value that is not a string reads as
// "", so that a node shape orylogin does not know never fails the flow.
func (a *wireAttributes) decode(d *jsonwire.Decoder) error {
	*a = wireAttributes{}
	return d.Object(func(key []byte) error {
		var dst *string
		switch {
		case string(key) == "node_type":
			dst = &a.NodeType
		case jsonwire.Key(key, "name"):
			dst = &a.Name
		case jsonwire.Key(key, "type"):
			dst = &a.Type
		case jsonwire.Key(key, "value"):
			dst = &a.Value
		default:
			return d.Skip()
		}
		*dst = ""
		if d.Peek() == '"' {
			return d.StringInto(dst)
		}
		return d.Skip()
	})
}

func (w *wireSuccess) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "session"):
			return w.Session.decode(d)
		case jsonwire.Key(key, "session_token"):
			return d.StringPtrInto(&w.SessionToken)
		}
		return d.Skip()
	})
}

func (w *wireSession) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "id"):
			return d.StringInto(&w.ID)
		case jsonwire.Key(key, "active"):
			return d.BoolPtrInto(&w.Active)
		case jsonwire.Key(key, "authenticator_assurance_level"):
			return d.StringPtrInto(&w.AAL)
		case jsonwire.Key(key, "expires_at"):
			return decodeTimePtr(d, &w.ExpiresAt)
		case jsonwire.Key(key, "authenticated_at"):
			return decodeTimePtr(d, &w.AuthenticatedAt)
		case jsonwire.Key(key, "authentication_methods"):
			return jsonwire.Slice(d, &w.AuthenticationMethods, func(m *wireMethod) error {
				return d.Struct(func(key []byte) error {
					if jsonwire.Key(key, "method") {
						return d.StringPtrInto(&m.Method)
					}
					return d.Skip()
				})
			})
		case jsonwire.Key(key, "identity"):
			if d.Null() {
				w.Identity = nil
				return nil
			}
			if w.Identity == nil {
				w.Identity = new(wireIdentity)
			}
			return d.Struct(func(key []byte) error {
				switch {
				case jsonwire.Key(key, "id"):
					return d.StringInto(&w.Identity.ID)
				case jsonwire.Key(key, "traits"):
					return d.AnyInto(&w.Identity.Traits)
				}
				return d.Skip()
			})
		}
		return d.Skip()
	})
}

// decodeTimePtr reads an RFC 3339 time or null into p, as encoding/json
// does with time.Time's UnmarshalJSON (see unmarshalTime).
func decodeTimePtr(d *jsonwire.Decoder, p **time.Time) error {
	if d.Null() {
		*p = nil
		return nil
	}
	if *p == nil {
		*p = new(time.Time)
	}
	return unmarshalTime(d.Raw(), *p)
}

func (w *wireError) decode(d *jsonwire.Decoder) error {
	return d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "error"):
			return d.Struct(func(key []byte) error {
				switch {
				case jsonwire.Key(key, "id"):
					return d.StringPtrInto(&w.Error.ID)
				case jsonwire.Key(key, "code"):
					return d.Int64PtrInto(&w.Error.Code)
				}
				return d.Skip()
			})
		case jsonwire.Key(key, "redirect_browser_to"):
			return d.StringInto(&w.RedirectBrowserTo)
		case jsonwire.Key(key, "use_flow_id"):
			return d.StringInto(&w.UseFlowID)
		}
		return d.Skip()
	})
}

// logoutTokenOf reads the logout_token of GET /self-service/logout/browser's
// answer, "" when there is none.
func logoutTokenOf(b []byte) string {
	var tok string
	err := decodeWire(b, func(d *jsonwire.Decoder) error {
		return d.Struct(func(key []byte) error {
			if jsonwire.Key(key, "logout_token") {
				return d.StringInto(&tok)
			}
			return d.Skip()
		})
	})
	if err != nil {
		return ""
	}
	return tok
}
