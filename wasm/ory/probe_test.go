package ory

import (
	"encoding/json"
	"testing"
)

// probeCases are bodies whose top-level keys decodeProbed must read as
// json.Unmarshal does: case folding, escapes, repeated keys, nulls, values
// that hold brackets and quotes, white space, and bodies that are not
// objects or not JSON.
var probeCases = []string{
	`{}`, ` { } `, `null`, ` null `, `[]`, `"x"`, `1`, ``, `{`, `{"id"}`, `{"id":1,}`, `{"id":1}x`,
	`{"id":"x","ui":{}}`, `{"ID":"x","Ui":{"a":"}"}}`, `{"\u0069d":"x","u\u0069":[1,{"]":"["}]}`,
	`{"id":null,"ui":{}}`, `{"id":"x","id":null,"ui":{}}`, `{"id":null,"ID":"y","ui":{}}`,
	`{"session":{"id":"s"},"session_token":"t"}`, `{"ſession":{}}`, `{"error":{"id":"e"}}`,
	`{"error":nul}`, `{"error":nullx}`, "{\n\t\"error\" :\r null }", `{"a":"\"","error":{}}`,
	`{"a":"\\","ui":true,"id":-1.5e3}`, `{"a":[[[]]],"error":false}`, `{"a":1 "b":2}`, `{"ui":{}} {}`,
}

// sameProbe fails t when decodeProbed and json.Unmarshal read b differently:
// where json.Unmarshal reads it, decodeProbed must read the same keys; where
// b is no JSON, parseLogin and parseWhoAmI must refuse it.
func sameProbe(t *testing.T, b []byte) {
	t.Helper()
	var want probe
	werr := json.Unmarshal(b, &want)
	_, got, err := decodeProbed(b)
	if werr == nil && (err != nil || got != want) {
		t.Fatalf("decodeProbed(%q) = %+v, %v; json.Unmarshal: %+v", b, got, err, want)
	}
	if !json.Valid(b) {
		if _, err := parseLogin(b); err == nil {
			t.Fatalf("parseLogin(%q) took a body that is not JSON", b)
		}
		if _, err := parseWhoAmI(b); err == nil {
			t.Fatalf("parseWhoAmI(%q) took a body that is not JSON", b)
		}
	}
}

func TestDecodeProbed(t *testing.T) {
	for _, c := range probeCases {
		sameProbe(t, []byte(c))
	}
}

// UnmarshalJSON reads a probe field as decodeProbed does, for json.Unmarshal,
// decodeProbed's oracle.
func (s *seen) UnmarshalJSON(b []byte) error { *s = string(b) != "null"; return nil }
