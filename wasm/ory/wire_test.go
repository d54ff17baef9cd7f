//go:build !js

package ory

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
)

// encoding/json is the oracle for decode.go: json.Unmarshal fills the wire
// types from their struct tags, decode.go with jsonwire, and the two must
// agree on every body, error or not.

// UnmarshalJSON is wireAttributes.decode as encoding/json's oracle reads
// it: members in order, the later winning; the node type only under the
// exact key; a value that is not a string reads as "".
func (a *wireAttributes) UnmarshalJSON(b []byte) error {
	*a = wireAttributes{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errors.New("attributes are not an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		var dst *string
		switch {
		case key == "node_type":
			dst = &a.NodeType
		case strings.EqualFold(key, "name"):
			dst = &a.Name
		case strings.EqualFold(key, "type"):
			dst = &a.Type
		case strings.EqualFold(key, "value"):
			dst = &a.Value
		default:
			continue
		}
		*dst = ""
		if v[0] == '"' {
			json.Unmarshal(v, dst)
		}
	}
	return nil
}

// wireCases are bodies that reach every branch of decode.go: keys in other
// cases and twice, nulls where a value was, values of the wrong type,
// numbers at int64's edges, times, and lists given twice (read into the
// elements already there, as encoding/json does).
var wireCases = []string{
	`null`, `[]`, `"x"`, `{}`, `{"id":1}`, `{"ID":"f","Id":"g","state":null,"refresh":true,"requested_aal":"aal2"}`,
	`{"refresh":null,"requested_aal":null}`, `{"refresh":"true"}`, `{"requested_aal":2}`,
	`{"expires_at":"2026-01-02T03:04:05.123456Z"}`, `{"expires_at":"yesterday"}`, `{"expires_at":"2026-01-02T3:04:05Z"}`, `{"expires_at":null}`, `{"expires_at":1}`,
	`{"ui":null}`, `{"ui":[]}`, `{"ui":{"messages":null,"nodes":{}}}`,
	`{"ui":{"messages":[{"id":4000006,"text":"t","type":"error","context":{"reason":"r","n":1.5,"x":[null,{}]}}]}}`,
	`{"ui":{"messages":[{"id":1.0}]}}`, `{"ui":{"messages":[{"id":9223372036854775807}]}}`,
	`{"ui":{"messages":[{"id":9223372036854775808}]}}`, `{"ui":{"messages":[{"id":-1e2}]}}`, `{"ui":{"messages":[{"id":"1"}]}}`,
	`{"ui":{"messages":[{"context":{"a":1}},{"context":null}],"messages":[{"context":{"b":2}}]}}`,
	`{"ui":{"messages":[{"context":{"a":1e400}}]}}`, `{"ui":{"messages":[{"context":[]}]}}`,
	`{"ui":{"nodes":[{"group":"password","attributes":{"node_type":"input","name":"password","type":"password","value":"x"}}]}}`,
	`{"ui":{"nodes":[{"attributes":{"Node_Type":"input","NAME":"a","name":"b","value":1,"Type":null}}]}}`,
	`{"ui":{"nodes":[{"attributes":null},{"attributes":"x"}]}}`, `{"ui":{"nodes":[{"attributes":[]}]}}`,
	`{"ui":{"nodes":[{"attributes":{"name":"a"},"attributes":{"type":"b"}}]}}`,
	`{"ui":{"nodes":[{"group":"a"},{"group":"b"}],"nodes":[{"messages":[{"id":1}]}]}}`,
	`{"ui":{"nodes":[{"group":"a"},{"group":"b"}],"nodes":[],"nodes":[{},{}]}}`,
	`{"session":{"id":"s","active":true,"authenticator_assurance_level":"aal1","expires_at":"2026-01-02T03:04:05Z",` +
		`"authenticated_at":null,"authentication_methods":[{"method":"password"},{"method":null},{}],` +
		`"identity":{"id":"i","traits":{"email":"a@b.c"}}},"session_token":"t"}`,
	`{"session":{"identity":null,"identity":{"traits":[1]},"identity":{"id":"j"}}}`, `{"session":[]}`,
	`{"session":{"active":1}}`, `{"session":{"expires_at":"x"}}`, `{"session":{"authentication_methods":[{"method":1}]}}`,
	`{"session_token":null}`, `{"session_token":1}`,
	`{"error":{"id":"session_aal2_required","code":403},"redirect_browser_to":"/x","use_flow_id":"f"}`,
	`{"error":{"id":null,"code":null},"redirect_browser_to":null}`, `{"error":{"code":4.5}}`, `{"error":"x"}`,
	`{"error":{"id":1}}`, `{"use_flow_id":false}`, `{"ſession":{"ıd":"x"},"ſeſſion_token":"t"}`, `{"a":1}x`,
}

// sameWire fails t when json.Unmarshal and decode.go read b differently
// into any of the wire types; decode.go may refuse a time that is not
// RFC 3339 (hasLenientTime) where json.Unmarshal reads it.
func sameWire(t *testing.T, b []byte) {
	t.Helper()
	check := func(name string, want, got any, decode func([]byte) error) {
		t.Helper()
		werr := json.Unmarshal(b, want)
		err := decode(b)
		if err != nil && werr == nil && hasLenientTime(b) {
			return
		}
		if (err != nil) != (werr != nil) {
			t.Fatalf("%s: decode error %v, json.Unmarshal's %v\n%.300s", name, err, werr, b)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: decode %+v, json.Unmarshal %+v\n%.300s", name, got, want, b)
		}
	}
	var f1, f2 wireFlow
	check("wireFlow", &f1, &f2, func(b []byte) error { return decodeWire(b, f2.decode) })
	var s1, s2 wireSuccess
	check("wireSuccess", &s1, &s2, func(b []byte) error { return decodeWire(b, s2.decode) })
	var w1, w2 wireSession
	check("wireSession", &w1, &w2, func(b []byte) error { return decodeWire(b, w2.decode) })
	var e1, e2 wireError
	check("wireError", &e1, &e2, func(b []byte) error { return decodeWire(b, e2.decode) })
	var l1 struct {
		LogoutToken string `json:"logout_token"`
	}
	if json.Unmarshal(b, &l1) != nil {
		l1.LogoutToken = ""
	}
	if got := logoutTokenOf(b); got != l1.LogoutToken {
		t.Fatalf("logoutTokenOf = %q, json.Unmarshal %q\n%.300s", got, l1.LogoutToken, b)
	}
}

func TestWireDecodeAgreesWithEncodingJSON(t *testing.T) {
	n := 0
	for _, answers := range loadRecordedAnswers(t) {
		for _, a := range answers {
			if hasLenientTime(a.Body) {
				t.Fatalf("%s: Kratos sent a time that is not RFC 3339\n%.300s", a.Case, a.Body)
			}
			sameWire(t, a.Body)
			n++
		}
	}
	for _, v := range testkit.TranscriptVersions(t) {
		for _, name := range testkit.TranscriptNames(t, v) {
			for _, x := range testkit.Transcript(t, v, name) {
				if hasLenientTime(x.Response.Body) {
					t.Fatalf("%s %s: Kratos sent a time that is not RFC 3339\n%.300s", v, name, x.Response.Body)
				}
				sameWire(t, x.Response.Body)
				n++
			}
		}
	}
	for _, c := range append(wireCases, `{"logout_token":"t"}`, `{"logout_token":null}`, `{"Logout_Token":1}`) {
		sameWire(t, []byte(c))
		n++
	}
	if n < 900 {
		t.Fatalf("only %d bodies", n)
	}
	t.Logf("%d bodies decode as encoding/json decodes them", n)
}

// FuzzWireDecode holds decode.go to encoding/json on random bodies, seeded
// with the cases above and every recorded answer.
func FuzzWireDecode(f *testing.F) {
	for _, c := range wireCases {
		f.Add([]byte(c))
	}
	for _, answers := range loadRecordedAnswers(f) {
		for _, a := range answers {
			f.Add([]byte(a.Body))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if jsonwire.Valid(b) != json.Valid(b) {
			t.Fatalf("Valid(%q) differs", b)
		}
		sameWire(t, b)
	})
}
