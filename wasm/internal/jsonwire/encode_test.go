package jsonwire

import (
	"encoding/json"
	"math"
	"testing"
)

var stringCases = []string{"", "plain", `q"b\s/`, "<a href='x'>&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f", "\xff", "a\xc3",
	"é😀", "\u2028\u2029", string([]byte{0xed, 0xa0, 0x80}), "日本語"}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range stringCases {
		sameString(t, s)
	}
}

func sameString(t *testing.T, s string) {
	t.Helper()
	want, _ := json.Marshal(s)
	if got := AppendString(nil, s); string(got) != string(want) {
		t.Fatalf("AppendString(%q) = %s, json.Marshal %s", s, got, want)
	}
}

// FuzzAppendStringMatchesEncodingJSON holds AppendString to json.Marshal.
func FuzzAppendStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range stringCases {
		f.Add(s)
	}
	f.Fuzz(sameString)
}

var floatCases = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 123456789, 5e-324,
	math.MaxFloat64, -1.5e300, 1e-10, 2.5e-9, 100}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range floatCases {
		sameFloat(t, f)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := AppendFloat(nil, f); err == nil {
			t.Errorf("AppendFloat(%v) wrote it", f)
		}
	}
}

func sameFloat(t *testing.T, f float64) {
	t.Helper()
	want, werr := json.Marshal(f)
	got, err := AppendFloat(nil, f)
	if (err != nil) != (werr != nil) || (err == nil && string(got) != string(want)) {
		t.Fatalf("AppendFloat(%v) = %s, %v; json.Marshal %s, %v", f, got, err, want, werr)
	}
}

// FuzzAppendFloatMatchesEncodingJSON holds AppendFloat to json.Marshal.
func FuzzAppendFloatMatchesEncodingJSON(f *testing.F) {
	for _, x := range floatCases {
		f.Add(x)
	}
	f.Fuzz(sameFloat)
}

// sameAny fails t when AppendAny writes v otherwise than json.Marshal.
func sameAny(t *testing.T, v any) {
	t.Helper()
	want, werr := json.Marshal(v)
	got, err := AppendAny(nil, v)
	if (err != nil) != (werr != nil) || (err == nil && string(got) != string(want)) {
		t.Fatalf("AppendAny(%#v) = %s, %v; json.Marshal %s, %v", v, got, err, want, werr)
	}
}

func TestAppendAnyMatchesEncodingJSON(t *testing.T) {
	s, b := "x<", true
	for _, v := range []any{nil, true, false, "s", 1.5, 7, int64(-9), &s, (*string)(nil), &b, (*bool)(nil),
		map[string]any{"b": 1.0, "a": []any{nil, "x", map[string]any{}}, "": false}, map[string]any(nil),
		map[string]string{"z": "1", "a": "\u2028"}, map[string]string(nil), []any{}, []any(nil), []string{"a"}, []string(nil),
		[]string{}, math.Inf(1), int32(-5), float32(0.1), float32(1e-7), float32(1e21), float32(3.4e38), float32(1e20)} {
		sameAny(t, v)
	}
	if _, err := AppendAny(nil, struct{}{}); err == nil {
		t.Error("AppendAny wrote a type it does not know")
	}
}

// FuzzAppendAnyMatchesEncodingJSON holds AppendAny to json.Marshal on what
// json.Unmarshal makes of random bodies (as MaskJSON writes them).
func FuzzAppendAnyMatchesEncodingJSON(f *testing.F) {
	for _, c := range validCases {
		if len(c) < 1000 {
			f.Add([]byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v any
		if json.Unmarshal(b, &v) == nil {
			sameAny(t, v)
			if f, ok := v.(float64); ok {
				sameAny(t, float32(f))
			}
		}
	})
}
