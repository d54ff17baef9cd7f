//go:build !js

package ory

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"
)

// rfc3339 is RFC 3339's date-time as a JSON string; the ranges of its
// numbers are validRFC3339's.
var rfc3339 = regexp.MustCompile(`^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-](\d{2}):(\d{2}))"$`)

// validRFC3339 says whether raw is a JSON string of RFC 3339's date-time
// grammar with a zone offset in range (the date and the time are left to
// the parsers, which check the same ranges).
func validRFC3339(raw []byte) bool {
	m := rfc3339.FindSubmatch(raw)
	if m == nil {
		return false
	}
	if m[3] == nil {
		return true
	}
	return (m[3][0]-'0')*10+m[3][1]-'0' <= 23 && (m[4][0]-'0')*10+m[4][1]-'0' <= 59
}

// sameAsTime fails t unless unmarshalTime reads raw as time.Time's
// UnmarshalJSON does wherever raw is null or RFC 3339, and refuses the
// strings that only time.Parse's leniency accepts.
func sameAsTime(t *testing.T, raw []byte) {
	t.Helper()
	var want, got time.Time
	werr := want.UnmarshalJSON(raw)
	err := unmarshalTime(raw, &got)
	if werr == nil && string(raw) != "null" && !validRFC3339(raw) {
		if err == nil {
			t.Fatalf("%s: accepted, but it is not RFC 3339", raw)
		}
		return
	}
	if (err == nil) != (werr == nil) {
		t.Fatalf("%s: error %v, time's %v", raw, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %#v, time's %#v", raw, got, want)
	}
}

// timeCases reach every branch of parseRFC3339 and the lenient forms.
var timeCases = []string{
	`null`, `"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.123456789Z"`, `"2026-01-02T03:04:05.1234567891234Z"`,
	`"2026-01-02T03:04:05.5+01:00"`, `"2026-01-02T03:04:05-07:30"`, `"2026-01-02T03:04:05+00:00"`,
	`"2026-01-02T03:04:05-00:00"`, `"2024-02-29T00:00:00Z"`, `"2025-02-29T00:00:00Z"`, `"2026-04-31T00:00:00Z"`,
	`"2026-13-01T00:00:00Z"`, `"2026-00-01T00:00:00Z"`, `"2026-01-02T24:00:00Z"`, `"2026-01-02T23:60:00Z"`,
	`"2026-01-02T23:59:60Z"`, `"2026-01-02T03:04:05+24:00"`, `"2026-01-02T03:04:05+01:60"`, `"2026-01-02T3:04:05Z"`,
	`"2026-01-02T03:04:05,5Z"`, `"2026-01-02T03:04:05.Z"`, `"2026-01-02t03:04:05z"`, `"2026-01-02T03:04:05"`,
	`"2026-01-02T03:04:05+0100"`, `"2026-01-02 03:04:05Z"`, `"+026-01-02T03:04:05Z"`, `"0000-01-01T00:00:00Z"`,
	`"9999-12-31T23:59:59.999999999+14:00"`, `"2026-01-02T03:04:05\u005a"`, `""`, `"x"`, `1`, `"`, `nul`,
	`"2026-01-02T03:04:05Zx"`, `"2026-01-02T03:04:05+01:00x"`, `"2026-01-02T03:04:05.1a+01:00"`,
}

// TestUnmarshalTimeAgreesWithTime also reads the cases with Local in other
// zones; it sets time.Local, so it never runs in parallel.
func TestUnmarshalTimeAgreesWithTime(t *testing.T) {
	for _, c := range timeCases {
		sameAsTime(t, []byte(c))
	}
	local := time.Local
	t.Cleanup(func() { time.Local = local })
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("%s: %v", zone, err)
		}
		time.Local = loc
		for _, c := range timeCases {
			sameAsTime(t, []byte(c))
		}
		sameAsTime(t, []byte(`"2026-07-01T12:00:00+02:00"`))
		sameAsTime(t, []byte(`"2026-01-01T12:00:00-03:30"`))
	}
}

// FuzzUnmarshalTime holds unmarshalTime to time.Time's UnmarshalJSON on
// random values, seeded with timeCases.
func FuzzUnmarshalTime(f *testing.F) {
	for _, c := range timeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { sameAsTime(t, raw) })
}

// hasLenientTime says whether some string in the JSON body b is a time
// that time.Time's UnmarshalJSON accepts but that is not RFC 3339: the
// lean decoder refuses those (see unmarshalTime) where encoding/json and
// client-go read them, the one difference the oracles allow.
func hasLenientTime(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		s, ok := tok.(string)
		if !ok {
			continue
		}
		raw := []byte(`"` + s + `"`)
		var tt time.Time
		if tt.UnmarshalJSON(raw) == nil && !validRFC3339(raw) {
			return true
		}
	}
}
