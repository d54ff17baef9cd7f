package ory

import (
	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
)

// readProbe fills p from the top-level keys of the body b, as
// json.Unmarshal(b, &p) would for a valid body, in one light scan that
// neither validates nor decodes values: the decode that follows validates
// the whole body (parseLogin validates it when no decode follows). A body
// the scan cannot follow is malformed (jsonwire.ErrSyntax), null (an empty
// probe, as json.Unmarshal reads it) or not an object (jsonwire.ErrType).
func readProbe(b []byte, p *probe) error {
	if scanProbe(b, p) {
		return nil
	}
	*p = probe{}
	d, err := jsonwire.NewDecoder(b)
	if err != nil {
		return err
	}
	if d.Null() {
		return nil
	}
	return jsonwire.ErrType
}

// scanProbe is readProbe's scan; false when it cannot follow b. A key
// matches a field as encoding/json matches it (jsonwire.Key on the
// unquoted key), and a later key overrides an earlier one.
func scanProbe(b []byte, p *probe) bool {
	return eachMember(b, func(key, value []byte) {
		if f := p.field(key); f != nil {
			*f = seen(string(value) != "null")
		}
	})
}

// eachMember calls fn with each key (unquoted as encoding/json unquotes
// it) and raw value of the JSON object b, in order; false when b is not an
// object it can follow. Values are passed over, not checked: the callers
// read bodies that jsonwire validates (see readProbe).
func eachMember(b []byte, fn func(key, value []byte)) bool {
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	for {
		end, ok := stringEnd(b, i)
		if !ok {
			return false
		}
		key, ok := jsonwire.Unquote(b[i:end])
		if !ok {
			return false
		}
		i = skipSpace(b, end)
		if i == len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		vEnd := valueEnd(b, i)
		if vEnd < 0 {
			return false
		}
		fn(key, b[i:vEnd])
		i = skipSpace(b, vEnd)
		if i == len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return skipSpace(b, i+1) == len(b)
		default:
			return false
		}
	}
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

// skipSpace returns the index of the first byte from i on that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index after the value that starts at b[i], -1 when
// it cannot tell: strings, objects and arrays are followed by their
// brackets (strings inside them skipped whole), anything else runs to the
// next delimiter. What the value holds is not checked.
func valueEnd(b []byte, i int) int {
	if i == len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		if end, ok := stringEnd(b, i); ok {
			return end
		}
		return -1
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end, ok := stringEnd(b, i)
				if !ok {
					return -1
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	if i == start {
		return -1
	}
	return i
}
