package ory

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// readProbe fills p from the top-level keys of the body b, as
// json.Unmarshal(b, &p) would for a valid body, in one light scan that
// neither validates nor decodes values: the decode that follows validates
// the whole body (validate says when no decode follows). A body the scan
// cannot follow (not an object, or malformed) is left to json.Unmarshal,
// whose error is then the answer's.
func readProbe(b []byte, p *probe) error {
	if !scanProbe(b, p) {
		*p = probe{}
		return json.Unmarshal(b, p)
	}
	return nil
}

// scanProbe is readProbe's scan; false when it cannot follow b. A key
// matches a field as encoding/json matches it (bytes.EqualFold on the
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
// read bodies that encoding/json validates (see readProbe).
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
		key, ok := unquote(b[i:end])
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

// unquote returns the text of the JSON string q (quotes included) as
// encoding/json reads it: escapes resolved, invalid UTF-8 replaced. Plain
// ASCII, the common case, is q's own bytes.
func unquote(q []byte) ([]byte, bool) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return nil, false
	}
	text := q[1 : len(q)-1]
	if bytes.IndexByte(text, '\\') < 0 && isASCII(text) {
		return text, true
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return nil, false
	}
	return []byte(s), true
}

// field is the field of p that key names, nil for none.
func (p *probe) field(key []byte) *seen {
	switch {
	case bytes.EqualFold(key, []byte("id")):
		return &p.ID
	case bytes.EqualFold(key, []byte("ui")):
		return &p.UI
	case bytes.EqualFold(key, []byte("session")):
		return &p.Session
	case bytes.EqualFold(key, []byte("error")):
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

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
