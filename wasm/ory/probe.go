package ory

import "github.com/orylogin/orylogin/wasm/internal/jsonwire"

// decodeProbed validates b and reads its top-level keys as
// json.Unmarshal(b, &p) would, in the one scan that validates it
// (jsonwire.NewDecoderSeeing), and returns the probe and a Decoder at the
// start of b for the decode that follows. A body of null is an empty
// probe, as json.Unmarshal reads it, one that is not an object
// jsonwire.ErrType.
func decodeProbed(b []byte) (*jsonwire.Decoder, probe, error) {
	var p probe
	d, err := jsonwire.NewDecoderSeeing(b, func(key []byte, null bool) {
		if f := p.field(key); f != nil {
			*f = seen(!null)
		}
	})
	if err != nil {
		return nil, probe{}, err
	}
	switch d.Peek() {
	case '{':
		return d, p, nil
	case 'n':
		return d, probe{}, nil
	}
	return nil, probe{}, jsonwire.ErrType
}

// field is the field of p that key names, nil for none.
func (p *probe) field(key []byte) *seen {
	switch {
	case jsonwire.Key(key, "id"):
		return &p.ID
	case jsonwire.Key(key, "ui"):
		return &p.UI
	case jsonwire.Key(key, "session"):
		return &p.Session
	case jsonwire.Key(key, "error"):
		return &p.Error
	}
	return nil
}
