package contract

import "github.com/orylogin/orylogin/wasm/internal/jsonwire"

// DecodeMessage reads the JSON text of a State's Message (its id, type,
// text and context) as json.Unmarshal would read it into those fields, for
// OryLogin.formatMessage, which gets the page's object as JSON.stringify
// writes it; false when b is not JSON or a value has the wrong type.
func DecodeMessage(b []byte) (Message, bool) {
	var m Message
	d, err := jsonwire.NewDecoder(b)
	if err != nil {
		return Message{}, false
	}
	err = d.Struct(func(key []byte) error {
		switch {
		case jsonwire.Key(key, "id"):
			n := int64(m.ID)
			err := d.Int64Into(&n)
			m.ID = int(n)
			return err
		case jsonwire.Key(key, "type"):
			return d.StringInto(&m.Type)
		case jsonwire.Key(key, "text"):
			return d.StringInto(&m.Text)
		case jsonwire.Key(key, "context"):
			return d.MapInto(&m.Context)
		}
		return d.Skip()
	})
	if err != nil {
		return Message{}, false
	}
	return m, true
}
