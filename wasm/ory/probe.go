package ory

import "github.com/orylogin/orylogin/wasm/internal/jsonwire"

// readProbe reads the top-level keys of the body that d holds, as
// json.Unmarshal(b, &p) would, on a copy of d, passing over their values
// without decoding them: d still starts at the body, for the decode that
// follows. A body of null is an empty probe, as json.Unmarshal reads it,
// one that is not an object jsonwire.ErrType.
func readProbe(d *jsonwire.Decoder) (probe, error) {
	var p probe
	c := *d
	err := c.Struct(func(key []byte) error {
		f := p.field(key)
		if f == nil {
			return c.Skip()
		}
		*f = !seen(c.Null())
		if *f {
			return c.Skip()
		}
		return nil
	})
	return p, err
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
