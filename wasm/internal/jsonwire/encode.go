package jsonwire

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// ErrUnsupported is AppendAny's error for a value of a Go type it does not
// write, or a float that JSON cannot hold (NaN, ±Inf).
var ErrUnsupported = errors.New("jsonwire: a value JSON cannot hold")

// Appender is a value that writes itself as JSON: the JS contract's shapes
// and the bridge's answers, written as json.Marshal writes them.
type Appender interface {
	AppendJSON(dst []byte) ([]byte, error)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, exactly as json.Marshal writes
// it: <, > and & escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat appends f as json.Marshal writes a float64 (as ES6 writes a
// number: exponents below 1e-6 and from 1e21 on); ErrUnsupported for NaN
// and ±Inf.
func AppendFloat(dst []byte, f float64) ([]byte, error) { return appendFloat(dst, f, 64) }

// appendFloat is AppendFloat for a float of bits 32 or 64, whose cutoffs
// encoding/json compares at that precision.
func appendFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, ErrUnsupported
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// AppendStrings appends ss as a JSON array of strings, null for nil.
func AppendStrings(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, s)
	}
	return append(dst, ']')
}

// appendMap appends m as a JSON object with its keys sorted, as
// json.Marshal writes maps; null for nil.
func appendMap[V any](dst []byte, m map[string]V, value func([]byte, V) ([]byte, error)) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(AppendString(dst, k), ':')
		var err error
		if dst, err = value(dst, m[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// AppendSlice appends s as a JSON array of value's writing, null for nil.
func AppendSlice[V any](dst []byte, s []V, value func([]byte, V) ([]byte, error)) ([]byte, error) {
	if s == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	for i, v := range s {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = value(dst, v); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

func appendStringValue(dst []byte, s string) ([]byte, error) { return AppendString(dst, s), nil }

// AppendAny appends v as json.Marshal writes it, for the values JSON
// decodes into (nil, bool, float64, string, map[string]any, []any), the
// ones request bodies, the contract and i18n.PublicContext hold (int,
// int32, int64, float32, *string, *bool, map[string]string, []string) and
// any Appender; ErrUnsupported for anything else.
func AppendAny(dst []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, t), nil
	case string:
		return AppendString(dst, t), nil
	case float64:
		return AppendFloat(dst, t)
	case int:
		return strconv.AppendInt(dst, int64(t), 10), nil
	case int64:
		return strconv.AppendInt(dst, t, 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(t), 10), nil
	case float32:
		return appendFloat(dst, float64(t), 32)
	case *string:
		if t == nil {
			return append(dst, "null"...), nil
		}
		return AppendString(dst, *t), nil
	case *bool:
		if t == nil {
			return append(dst, "null"...), nil
		}
		return strconv.AppendBool(dst, *t), nil
	case map[string]any:
		return appendMap(dst, t, AppendAny)
	case map[string]string:
		return appendMap(dst, t, appendStringValue)
	case []any:
		return AppendSlice(dst, t, AppendAny)
	case []string:
		return AppendStrings(dst, t), nil
	case Appender:
		return t.AppendJSON(dst)
	}
	return dst, ErrUnsupported
}
