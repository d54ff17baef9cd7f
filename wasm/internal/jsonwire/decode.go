package jsonwire

import (
	"errors"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrSyntax is the error for a body that is not one JSON value, where
// json.Unmarshal gives a *json.SyntaxError.
var ErrSyntax = errors.New("jsonwire: not valid JSON")

// ErrType is the error for a value of another JSON type than the Go value
// it is read into, where json.Unmarshal gives a *json.UnmarshalTypeError.
var ErrType = errors.New("jsonwire: a JSON value of the wrong type")

// maxDepth is encoding/json's nesting limit: a body nested deeper is not
// valid for it, and so not for Valid.
const maxDepth = 10000

// Valid reports whether b is one JSON value, with white space around it,
// exactly as json.Valid does (invalid UTF-8 inside strings is accepted, and
// nesting deeper than 10000 is not).
func Valid(b []byte) bool { return valid(b, nil) }

// valid is Valid, calling member (when not nil) for each key of a
// top-level object as NewDecoderSeeing says.
func valid(b []byte, member func(key []byte, null bool)) bool {
	v := validator{b: b, member: member}
	v.space()
	if !v.value(0) {
		return false
	}
	v.space()
	return v.i == len(v.b)
}

// validator is Valid's scan, a recursive descent over b from i.
type validator struct {
	b      []byte
	i      int
	member func(key []byte, null bool) // see NewDecoderSeeing
}

func (v *validator) space() { v.i = skipSpace(v.b, v.i) }

func (v *validator) value(depth int) bool {
	if v.i == len(v.b) {
		return false
	}
	switch c := v.b[v.i]; {
	case c == '{':
		return v.container(depth+1, '}')
	case c == '[':
		return v.container(depth+1, ']')
	case c == '"':
		end, ok := stringEnd(v.b, v.i)
		v.i = end
		return ok
	case c == 't':
		return v.literal("true")
	case c == 'f':
		return v.literal("false")
	case c == 'n':
		return v.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		end, ok := numberEnd(v.b, v.i)
		v.i = end
		return ok
	}
	return false
}

func (v *validator) literal(lit string) bool {
	if len(v.b)-v.i < len(lit) || string(v.b[v.i:v.i+len(lit)]) != lit {
		return false
	}
	v.i += len(lit)
	return true
}

// container validates an object (close is '}') or an array (']') from its
// opening bracket.
func (v *validator) container(depth int, close byte) bool {
	if depth > maxDepth {
		return false
	}
	v.i++
	v.space()
	if v.i < len(v.b) && v.b[v.i] == close {
		v.i++
		return true
	}
	for {
		if close == '}' { // "key":
			if v.i == len(v.b) || v.b[v.i] != '"' {
				return false
			}
			start := v.i
			end, ok := stringEnd(v.b, v.i)
			if !ok {
				return false
			}
			v.i = end
			v.space()
			if v.i == len(v.b) || v.b[v.i] != ':' {
				return false
			}
			v.i++
			v.space()
			if depth == 1 && v.member != nil {
				key, _ := unquote(v.b[start:end])
				v.member(key, v.i < len(v.b) && v.b[v.i] == 'n')
			}
		}
		if !v.value(depth) {
			return false
		}
		v.space()
		if v.i == len(v.b) {
			return false
		}
		switch v.b[v.i] {
		case ',':
			v.i++
			v.space()
		case close:
			v.i++
			return true
		default:
			return false
		}
	}
}

// skipSpace returns the index of the first byte from i on that is not
// JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the JSON string that starts at b[i],
// and whether it is one: no control characters, only JSON's escapes.
func stringEnd(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		c := b[i]
		if plain[c] {
			continue
		}
		switch {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i == len(b) {
				return i, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-i < 5 || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					return i, false
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

// plain holds, for each byte, whether it stands for itself inside a JSON
// string: not a quote, a backslash or a control character. One look-up a
// byte is stringEnd's whole work for most of a body.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// validStringEnd returns the index after the string that starts at b[i] in
// a body Valid accepted: the first quote after it that no backslash
// escapes (a \u escape's hex digits are neither). The Decoder passes over
// strings with it: two comparisons a byte instead of stringEnd's checks,
// which the validating scan has already made.
func validStringEnd(b []byte, i int) int {
	for i++; ; i++ {
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			i++
		}
	}
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// numberEnd returns the index after the JSON number that starts at b[i],
// and whether it is one: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func numberEnd(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i == len(b):
		return i, false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i == len(b) || !isDigit(b[i]) {
			return i, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i == len(b) || !isDigit(b[i]) {
			return i, false
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	return i, true
}

// Decoder reads a body that Valid accepted, value by value, into Go values
// as json.Unmarshal would fill the same Go types: null leaves a string or
// a struct as it was and sets a pointer, map or slice to nil; a value of
// another type is ErrType. Its methods read the next value.
type Decoder struct {
	b []byte
	i int
}

// NewDecoder returns a Decoder for b, or ErrSyntax when b is not valid.
func NewDecoder(b []byte) (*Decoder, error) { return NewDecoderSeeing(b, nil) }

// NewDecoderSeeing is NewDecoder that, in the scan that validates b, also
// calls member for each key of b's top-level object, in order and
// unquoted, with whether its value is null (and for none when b is not an
// object). A caller that must know which keys a body has before it
// decodes it learns them without passing over the body a second time; if
// b turns out not valid, the keys seen until then mean nothing.
func NewDecoderSeeing(b []byte, member func(key []byte, null bool)) (*Decoder, error) {
	if !valid(b, member) {
		return nil, ErrSyntax
	}
	return &Decoder{b: b, i: skipSpace(b, 0)}, nil
}

// Peek returns the first byte of the next value: one of { [ " t f n, or a
// number's first.
func (d *Decoder) Peek() byte { return d.b[d.i] }

// next moves past the value that ends at end, and the white space after.
func (d *Decoder) next(end int) { d.i = skipSpace(d.b, end) }

// Null reads the next value if it is null.
func (d *Decoder) Null() bool {
	if d.b[d.i] != 'n' {
		return false
	}
	d.next(d.i + 4)
	return true
}

// Skip passes over the next value.
func (d *Decoder) Skip() error {
	d.next(valueEnd(d.b, d.i))
	return nil
}

// Raw returns the next value's bytes.
func (d *Decoder) Raw() []byte {
	start, end := d.i, valueEnd(d.b, d.i)
	d.next(end)
	return d.b[start:end]
}

// valueEnd returns the index after the valid value that starts at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return validStringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = validStringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	case 't', 'n':
		return i + 4
	case 'f':
		return i + 5
	}
	end, _ := numberEnd(b, i)
	return end
}

// Object calls member for each key of the next value, an object, in order,
// with the key unquoted as encoding/json unquotes it; member must read the
// key's value (or Skip it). ErrType when the value is not an object.
func (d *Decoder) Object(member func(key []byte) error) error {
	return d.container('{', '}', func() error {
		end := validStringEnd(d.b, d.i)
		key, _ := unquote(d.b[d.i:end])
		d.next(end) // at the colon
		d.next(d.i + 1)
		return member(key)
	})
}

// container calls each for every member or element of the next value,
// which must open with open; each must read it.
func (d *Decoder) container(open, close byte, each func() error) error {
	if d.b[d.i] != open {
		return ErrType
	}
	d.next(d.i + 1)
	if d.b[d.i] == close {
		d.next(d.i + 1)
		return nil
	}
	for {
		if err := each(); err != nil {
			return err
		}
		c := d.b[d.i]
		d.next(d.i + 1)
		if c == close {
			return nil
		}
	}
}

// Struct reads the next value into a struct as Object does, but leaves it
// as it was for null, as encoding/json does.
func (d *Decoder) Struct(member func(key []byte) error) error {
	if d.Null() {
		return nil
	}
	return d.Object(member)
}

// Array calls elem for each element of the next value, an array; elem must
// read the element. ErrType when the value is not an array.
func (d *Decoder) Array(elem func() error) error { return d.container('[', ']', elem) }

// Slice reads the next value, an array or null, into s as encoding/json
// reads it into a slice: null is nil, [] an empty slice, and elements are
// read into the ones s already holds, from the start, before new zero ones
// are added; the slice is then cut to the array's length.
func Slice[T any](d *Decoder, s *[]T, elem func(*T) error) error {
	if d.Null() {
		*s = nil
		return nil
	}
	v, n := *s, 0
	err := d.Array(func() error {
		if n >= cap(v) {
			v = append(v[:cap(v)], *new(T))[:len(v)]
		}
		if n >= len(v) {
			v = v[:n+1]
		}
		n++
		return elem(&v[n-1])
	})
	if err != nil {
		return err
	}
	if n == 0 {
		v = []T{}
	}
	*s = v[:n]
	return nil
}

// StringInto reads a string into p; null leaves p as it was.
func (d *Decoder) StringInto(p *string) error {
	switch d.b[d.i] {
	case 'n':
		d.Null()
		return nil
	case '"':
		*p = string(d.text())
		return nil
	}
	return ErrType
}

// text reads the next value, a string, and returns it unquoted.
func (d *Decoder) text() []byte {
	end := validStringEnd(d.b, d.i)
	t, _ := unquote(d.b[d.i:end])
	d.next(end)
	return t
}

// StringPtrInto reads a string or null into p.
func (d *Decoder) StringPtrInto(p **string) error {
	if d.Null() {
		*p = nil
		return nil
	}
	if *p == nil {
		*p = new(string)
	}
	return d.StringInto(*p)
}

// BoolPtrInto reads a boolean or null into p.
func (d *Decoder) BoolPtrInto(p **bool) error {
	if d.Null() {
		*p = nil
		return nil
	}
	var b bool
	switch d.b[d.i] {
	case 't':
		b = true
	case 'f':
	default:
		return ErrType
	}
	d.Skip()
	if *p == nil {
		*p = new(bool)
	}
	**p = b
	return nil
}

// Int64Into reads an integer into p; null leaves p as it was. A number
// with a fraction or an exponent, or beyond int64, is ErrType.
func (d *Decoder) Int64Into(p *int64) error {
	if d.Null() {
		return nil
	}
	c := d.b[d.i]
	if c != '-' && !isDigit(c) {
		return ErrType
	}
	end, _ := numberEnd(d.b, d.i)
	n, err := strconv.ParseInt(string(d.b[d.i:end]), 10, 64)
	if err != nil {
		return ErrType
	}
	d.next(end)
	*p = n
	return nil
}

// Int64PtrInto reads an integer or null into p.
func (d *Decoder) Int64PtrInto(p **int64) error {
	if d.Null() {
		*p = nil
		return nil
	}
	var n int64
	if err := d.Int64Into(&n); err != nil {
		return err
	}
	if *p == nil {
		*p = new(int64)
	}
	**p = n
	return nil
}

// AnyInto reads any value into p as encoding/json reads it into an any:
// map[string]any, []any, float64, string, bool or nil.
func (d *Decoder) AnyInto(p *any) error {
	v, err := d.any()
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MapInto reads an object or null into p, adding to the map p holds.
func (d *Decoder) MapInto(p *map[string]any) error {
	if d.Null() {
		*p = nil
		return nil
	}
	if *p == nil {
		if d.b[d.i] != '{' {
			return ErrType
		}
		*p = map[string]any{}
	}
	m := *p
	return d.Object(func(key []byte) error {
		v, err := d.any()
		m[string(key)] = v
		return err
	})
}

func (d *Decoder) any() (any, error) {
	switch c := d.b[d.i]; c {
	case '{':
		var m map[string]any
		err := d.MapInto(&m)
		return m, err
	case '[':
		out := []any{}
		err := d.Array(func() error {
			v, err := d.any()
			out = append(out, v)
			return err
		})
		return out, err
	case '"':
		return string(d.text()), nil
	case 't', 'f':
		d.Skip()
		return c == 't', nil
	case 'n':
		d.Skip()
		return nil, nil
	}
	end, _ := numberEnd(d.b, d.i)
	f, err := strconv.ParseFloat(string(d.b[d.i:end]), 64)
	if err != nil {
		return nil, ErrType // out of float64's range: encoding/json's error too
	}
	d.next(end)
	return f, nil
}

// DecodeAny returns b decoded as json.Unmarshal decodes it into an any.
func DecodeAny(b []byte) (any, error) {
	d, err := NewDecoder(b)
	if err != nil {
		return nil, err
	}
	return d.any()
}

// unquote returns the text of the JSON string q (quotes included) as
// encoding/json reads it: escapes resolved, invalid UTF-8 and lone
// surrogates replaced by U+FFFD. Plain text, the common case, is q's own
// bytes; false when q is not a valid JSON string.
func unquote(q []byte) ([]byte, bool) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return nil, false
	}
	s := q[1 : len(q)-1]
	r := 0
	for r < len(s) {
		c := s[r]
		if c == '\\' || c == '"' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			r++
			continue
		}
		rr, size := utf8.DecodeRune(s[r:])
		if rr == utf8.RuneError && size == 1 {
			break
		}
		r += size
	}
	if r == len(s) {
		return s, true
	}
	out := make([]byte, r, len(s)+2*utf8.UTFMax)
	copy(out, s[:r])
	for r < len(s) {
		switch c := s[r]; {
		case c == '\\':
			r++
			if r >= len(s) {
				return nil, false
			}
			switch s[r] {
			case '"', '\\', '/', '\'':
				out = append(out, s[r])
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				rr := getu4(s[r-1:])
				if rr < 0 {
					return nil, false
				}
				r += 5
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						out = utf8.AppendRune(out, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, rr)
				continue
			default:
				return nil, false
			}
			r++
		case c == '"', c < ' ':
			return nil, false
		case c < utf8.RuneSelf:
			out = append(out, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			out = utf8.AppendRune(out, rr) // RuneError for invalid UTF-8
		}
	}
	return out, true
}

// getu4 decodes \uXXXX at the start of s, -1 when there is none.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// Key reports whether the object key key (unquoted) names the field name
// as encoding/json matches them: equal, or equal after folding each rune
// to the smallest of its case-folding orbit (so "ID", "Id" and "id" name
// "id", and so does "ſ" for "s").
func Key(key []byte, name string) bool {
	if string(key) == name {
		return true
	}
	i, j := 0, 0
	for i < len(key) && j < len(name) {
		if c, d := key[i], name[j]; c|d < utf8.RuneSelf { // two ASCII bytes: fold letters only
			if c != d && (c|0x20 != d|0x20 || c|0x20 < 'a' || c|0x20 > 'z') {
				return false
			}
			i, j = i+1, j+1
			continue
		}
		var a, b rune
		if c := key[i]; c < utf8.RuneSelf {
			a = rune(c)
			i++
		} else {
			r, n := utf8.DecodeRune(key[i:])
			a = r
			i += n
		}
		if c := name[j]; c < utf8.RuneSelf {
			b = rune(c)
			j++
		} else {
			r, n := utf8.DecodeRuneInString(name[j:])
			b = r
			j += n
		}
		if a != b && foldRune(a) != foldRune(b) {
			return false
		}
	}
	return i == len(key) && j == len(name)
}

// foldRune returns the smallest rune of r's case-folding orbit, as
// encoding/json folds names.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}
