package ory

import (
	"strconv"
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/secret"
)

// maskRequest returns a request body with its secrets masked, as MaskJSON
// does, but in one pass over the bytes instead of decoding the body into
// maps and encoding it again: the adapter masks every request at once (so
// that no password or code outlives the call), and MaskJSON was most of
// that work. It handles what the adapter sends, client-go's request
// models: one object of keys with string, number, boolean or null values
// (encoding/json's output, so that the result equals MaskJSON's). Anything
// else (a number out of float64's range, a nested object or array, a "name" or "value" key, which MaskJSON
// reads together, whitespace, escapes in a key, a key out of order or twice,
// invalid JSON) goes to MaskJSON.
func maskRequest(body []byte) string {
	if out, ok := maskFlat(body); ok {
		return out
	}
	return MaskJSON(body)
}

// maskFlat is maskRequest's one pass; ok is false for a body it leaves to
// MaskJSON.
func maskFlat(body []byte) (string, bool) {
	if len(body) < 2 || body[0] != '{' || !jsonwire.Valid(body) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(body))
	b.WriteByte('{')
	i, prev := 1, ""
	if body[i] == '}' {
		return "{}", i+1 == len(body)
	}
	for {
		// "key":
		end, ok := stringEnd(body, i)
		if !ok {
			return "", false
		}
		key := string(body[i+1 : end-1])
		if strings.IndexByte(key, '\\') >= 0 || key <= prev || key == "name" || key == "value" ||
			end >= len(body) || body[end] != ':' {
			return "", false
		}
		prev = key
		b.Write(body[i : end+1])
		i = end + 1
		// value
		if i >= len(body) {
			return "", false
		}
		switch c := body[i]; {
		case c == '"':
			vend, ok := stringEnd(body, i)
			if !ok {
				return "", false
			}
			if secret.Key(key) && vend-i > 2 {
				b.WriteString(`"` + Mask + `"`)
			} else {
				b.Write(body[i:vend])
			}
			i = vend
		case c == '{' || c == '[' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
			return "", false
		default: // a number, true, false or null: up to the next , or }
			j := i
			for j < len(body) && body[j] != ',' && body[j] != '}' {
				j++
			}
			if v := body[i:j]; v[0] == '-' || '0' <= v[0] && v[0] <= '9' {
				if _, err := strconv.ParseFloat(string(v), 64); err != nil {
					return "", false // out of float64's range: MaskJSON refuses it
				}
			}
			b.Write(body[i:j])
			i = j
		}
		if i >= len(body) {
			return "", false
		}
		switch body[i] {
		case ',':
			b.WriteByte(',')
			i++
		case '}':
			b.WriteByte('}')
			return b.String(), i+1 == len(body)
		default:
			return "", false
		}
	}
}

// stringEnd returns the index just past the JSON string that starts at
// body[i] (a '"'), in a body known to be valid JSON.
func stringEnd(body []byte, i int) (int, bool) {
	if i >= len(body) || body[i] != '"' {
		return 0, false
	}
	for j := i + 1; j < len(body); j++ {
		switch body[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}
