package i18n

import (
	"reflect"
	"testing"
)

func TestPublicContext(t *testing.T) {
	in := map[string]any{
		"address": "alice@example.com", "channel": "email", "min_length": 8.0, "ok": true,
		"available_credential_types": []any{"password", "code"},
		"secret":                     "NAPIYHIXYDD25XNRUSKWGHT4IPSMUND4",
		"secrets":                    []any{"abc123", "def456"},
		"value":                      "what was typed",
		"nested":                     map[string]any{"x": 1.0},
		"mixed":                      []any{"a", map[string]any{}},
		"null":                       nil,
	}
	want := map[string]any{
		"address": "alice@example.com", "channel": "email", "min_length": 8.0, "ok": true,
		"available_credential_types": []any{"password", "code"},
	}
	got := PublicContext(in)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("PublicContext = %v, want %v", got, want)
	}
	got["available_credential_types"].([]any)[0] = "changed"
	if in["available_credential_types"].([]any)[0] != "password" {
		t.Error("PublicContext shares a list with Ory's context")
	}
	if PublicContext(nil) != nil || PublicContext(map[string]any{"secret": "x"}) != nil {
		t.Error("an empty result must be nil")
	}
	// What the 1010023 message needs survives.
	m := Message{ID: 1010023, Text: "Send code to alice@example.com", Context: PublicContext(in)}
	if got := New().Format(m, "de"); got != "Code senden an alice@example.com" {
		t.Errorf("Format after PublicContext: %q", got)
	}
}
