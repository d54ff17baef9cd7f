package ory

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
)

// Every request body the adapter sent in the recorded transcripts takes
// maskRequest's one pass, and masks exactly as MaskJSON does.
func TestMaskRequestOnRecordedBodies(t *testing.T) {
	dir, err := testkit.TranscriptDir()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, version := range testkit.TranscriptVersions(t) {
		files, err := filepath.Glob(filepath.Join(dir, version, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			name := strings.TrimSuffix(filepath.Base(file), ".json")
			for _, x := range testkit.Transcript(t, version, name) {
				if len(x.Request.Body) == 0 {
					continue
				}
				var body bytes.Buffer
				if err := json.Compact(&body, x.Request.Body); err != nil {
					t.Fatal(err)
				}
				got, ok := maskFlat(body.Bytes())
				if want := MaskJSON(body.Bytes()); !ok || got != want {
					t.Errorf("%s/%s %s: one pass %v\n got %s\nwant %s", version, name, x.Request.URL, ok, got, want)
				}
				n++
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d request bodies in the transcripts", n)
	}
}

func TestMaskRequest(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"csrf_token":"c","identifier":"a@b","method":"password","password":"pw"}`,
			`{"csrf_token":"***","identifier":"a@b","method":"password","password":"***"}`},
		{`{"code":"","method":"code","resend":true}`, `{"code":"","method":"code","resend":true}`},
		{`{"a":1,"b":null,"c":false,"token":"t\"x"}`, `{"a":1,"b":null,"c":false,"token":"***"}`},
		{`{}`, `{}`},
		// left to MaskJSON:
		{`{"name":"password","value":"pw"}`, `{"name":"password","value":"***"}`},
		{`{"password":"pw","method":"password"}`, `{"method":"password","password":"***"}`},
		{`{"method":"x","transient_payload":{"token":"t"}}`, `{"method":"x","transient_payload":{"token":"***"}}`},
		{`{ "password": "pw" }`, `{"password":"***"}`},
		{`{"password":"pw"`, `(16 bytes, not JSON)`},
		{`["password"]`, `["password"]`},
	}
	for _, c := range cases {
		if got := maskRequest([]byte(c.in)); got != c.want {
			t.Errorf("maskRequest(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// FuzzMaskRequest: whatever the body, maskRequest means what MaskJSON
// means (the same JSON value, or the same refusal).
func FuzzMaskRequest(f *testing.F) {
	for _, s := range []string{`{"csrf_token":"c","password":"p"}`, `{"a":1e3,"code":"\u0041"}`, `{"code":""}`, `{}`, `{"a":{"b":1}}`, `nope`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, want := maskRequest(body), MaskJSON(body)
		if got == want {
			return
		}
		var g, w any
		if json.Unmarshal([]byte(got), &g) != nil || json.Unmarshal([]byte(want), &w) != nil || !reflect.DeepEqual(g, w) {
			t.Fatalf("maskRequest(%q) = %s, MaskJSON = %s", body, got, want)
		}
	})
}
