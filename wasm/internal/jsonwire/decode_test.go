package jsonwire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// validCases are bodies on which Valid, DecodeAny and unquote must agree
// with encoding/json: every kind of value, every escape, broken ones, white
// space, numbers at their edges, invalid UTF-8 and nesting at the limit.
var validCases = []string{
	``, ` `, `null`, ` true `, `false`, `nul`, `nulll`, `tru`, `0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-5`,
	`1e`, `1e+`, `-1.5e300`, `1e400`, `-1e400`, `123456789012345678901234567890`, `"x"`, `"`, `"\"`, `"\\"`, `"\/"`,
	`"\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\u12"`, `"\x"`, `"\'"`, "\"\x01\"", "\"\x7f\"", "\"\xff\"", "\"a\xc3\"",
	`"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83dx"`, `"\ud83d\u0041"`, "\"é😀\"", `[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`,
	`[1,[2,[3]]]`, `{}`, `{ }`, `{"a":1}`, `{"a" : 1 , "b":[true,null,{"c":"d"}]}`, `{"a":1,}`, `{"a"}`, `{a:1}`, `{"a":1}}`,
	`{"a":1,"a":2}`, `{"\u0061":1,"a\u0000b":2}`, `[1]x`, `1 2`, "\t\n\r 1 \r\n\t", "\v1", `{"a":"b"`, `[`, `{`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
	strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
}

// sameAsEncodingJSON fails t when Valid, DecodeAny or unquote read b otherwise than
// json.Valid and json.Unmarshal into an any.
func sameAsEncodingJSON(t *testing.T, b []byte) {
	t.Helper()
	if got, want := Valid(b), json.Valid(b); got != want {
		t.Fatalf("Valid(%.80q) = %v, json.Valid %v", b, got, want)
	}
	var want any
	werr := json.Unmarshal(b, &want)
	got, err := DecodeAny(b)
	if (err != nil) != (werr != nil) {
		t.Fatalf("DecodeAny(%.80q) error %v, json.Unmarshal's %v", b, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeAny(%.80q) = %#v, json.Unmarshal %#v", b, got, want)
	}
	if q := bytes.Trim(b, " \t\n\r"); len(q) > 0 && q[0] == '"' {
		var s string
		serr := json.Unmarshal(q, &s)
		u, ok := unquote(q)
		if serr == nil && (!ok || string(u) != s) {
			t.Fatalf("unquote(%q) = %q, %v; json: %q", b, u, ok, s)
		}
	}
}

func TestValidAndDecodeAnyAgreeWithEncodingJSON(t *testing.T) {
	for _, c := range validCases {
		sameAsEncodingJSON(t, []byte(c))
	}
}

// FuzzValidAndAny holds Valid, DecodeAny and unquote to encoding/json on
// random bodies.
func FuzzValidAndAny(f *testing.F) {
	for _, c := range validCases {
		if len(c) < 1000 {
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameAsEncodingJSON(t, b) })
}

// keyed is a struct whose fields encoding/json matches by folded name, for
// holding Key to it.
type keyed struct {
	ID    *int `json:"id"`
	Name  *int `json:"name"`
	Skey  *int `json:"skey"`
	Under *int `json:"a_b"`
}

// keyOf is Key's answer for a key against keyed's names, as json.Unmarshal
// would fill one field.
func keyOf(key []byte) string {
	for _, name := range []string{"id", "name", "skey", "a_b"} {
		if Key(key, name) {
			return name
		}
	}
	return ""
}

func sameKey(t *testing.T, key string) {
	t.Helper()
	q, _ := json.Marshal(key)
	var k keyed
	if json.Unmarshal([]byte(`{`+string(q)+`:1}`), &k) != nil {
		return
	}
	want := ""
	switch {
	case k.ID != nil:
		want = "id"
	case k.Name != nil:
		want = "name"
	case k.Skey != nil:
		want = "skey"
	case k.Under != nil:
		want = "a_b"
	}
	if got := keyOf([]byte(key)); got != want {
		t.Fatalf("Key(%q) names %q, encoding/json %q", key, got, want)
	}
}

func TestKeyFoldsAsEncodingJSON(t *testing.T) {
	for _, k := range []string{"id", "ID", "Id", "iD", "ids", "i", "", "name", "NAME", "nAmE", "ſkey", "SKEY", "sKEY",
		"\u212aey", "s\u212aey", "a_b", "A_B", "a-b", "ab", "i\xffd", "ı d", "İD"} {
		sameKey(t, k)
	}
}

// FuzzKey holds Key to encoding/json's field matching on random keys.
func FuzzKey(f *testing.F) {
	for _, k := range []string{"id", "ſkey", "\u212a", "NAME", "a_b"} {
		f.Add(k)
	}
	f.Fuzz(sameKey)
}

// sliceHolder is read with Slice and with encoding/json: elements are read
// into the ones already there, as encoding/json does with a key given
// twice.
type sliceHolder struct {
	Items []struct {
		A string `json:"a"`
		B string `json:"b"`
	} `json:"items"`
}

func (h *sliceHolder) decode(b []byte) error {
	d, err := NewDecoder(b)
	if err != nil {
		return err
	}
	return d.Struct(func(key []byte) error {
		if !Key(key, "items") {
			return d.Skip()
		}
		return Slice(d, &h.Items, func(it *struct {
			A string `json:"a"`
			B string `json:"b"`
		}) error {
			return d.Struct(func(key []byte) error {
				switch {
				case Key(key, "a"):
					return d.StringInto(&it.A)
				case Key(key, "b"):
					return d.StringInto(&it.B)
				}
				return d.Skip()
			})
		})
	})
}

func TestSliceRefillsAsEncodingJSON(t *testing.T) {
	for _, c := range []string{
		`{"items":[{"a":"1"},{"a":"2","b":"x"}],"items":[{"b":"3"}]}`,
		`{"items":[{"a":"1"},{"a":"2"}],"items":[{"b":"3"}],"items":[{"b":"4"},{"b":"5"},{"b":"6"}]}`,
		`{"items":[{"a":"1"}],"items":[]}`, `{"items":[{"a":"1"}],"items":null}`, `{"items":[]}`, `{"items":null}`,
		`{"items":{}}`, `{"items":[1]}`, `{"items":[{"a":1}]}`, `null`, `[]`, `{"items":[null,{"a":"x"}]}`,
	} {
		var want, got sliceHolder
		werr := json.Unmarshal([]byte(c), &want)
		err := got.decode([]byte(c))
		if (err != nil) != (werr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: %+v, %v; encoding/json %+v, %v", c, got, err, want, werr)
		}
	}
}

// TestNewDecoderSeeingTopLevelKeys: the validating scan reports the keys
// of the top-level object only, in order, unquoted, each with whether its
// value is null, and leaves the Decoder at the body's start.
func TestNewDecoderSeeingTopLevelKeys(t *testing.T) {
	var got []string
	d, err := NewDecoderSeeing([]byte(` {"a":{"b":null},"\u0063":null,"a":[{"d":1}], "e" : "null"} `), func(key []byte, null bool) {
		got = append(got, fmt.Sprintf("%s %t", key, null))
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a false", "c true", "a false", "e false"}; !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
	if d.Peek() != '{' {
		t.Errorf("the Decoder starts at %q, not at the body", d.Peek())
	}
	for _, body := range []string{`[{"a":1}]`, `"a"`, `null`} {
		if _, err := NewDecoderSeeing([]byte(body), func([]byte, bool) { t.Errorf("%s: a key seen", body) }); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	if _, err := NewDecoderSeeing([]byte(`{"a":1,}`), func([]byte, bool) {}); err != ErrSyntax {
		t.Errorf("invalid body: %v, want ErrSyntax", err)
	}
}
