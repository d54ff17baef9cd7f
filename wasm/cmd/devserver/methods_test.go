//go:build !js

package main

import (
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

func TestParseMethods(t *testing.T) {
	for list, want := range map[string]kratoslocal.Methods{
		"":                                   {},
		"totp":                               {TOTP: true},
		"totp, lookup_secret,sms":            {TOTP: true, LookupSecret: true, SMS: true},
		"passwordless,identifier_first,totp": {Passwordless: true, IdentifierFirst: true, TOTP: true},
		"totp,totp":                          {TOTP: true},
		"passkey,webauthn":                   {Passkey: true, WebAuthn: true},
	} {
		got, err := parseMethods(list)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("parseMethods(%q) = %+v, %v; want %+v", list, got, err, want)
		}
	}
	for _, list := range []string{"password", "totp,", "TOTP", "security_key", "passwordless,sms", "sms,totp,passwordless"} {
		if m, err := parseMethods(list); err == nil {
			t.Errorf("parseMethods(%q) = %+v, want an error", list, m)
		}
	}
}

func TestMethodListOrder(t *testing.T) {
	m, _ := parseMethods("identifier_first,sms,totp")
	if got := methodList(m); !slices.Equal(got, []string{"totp", "sms", "identifier_first"}) {
		t.Errorf("methodList = %v", got)
	}
	if got := methodList(kratoslocal.Methods{}); len(got) != 0 {
		t.Errorf("no methods listed as %v", got)
	}
}

func TestMethodsFlag(t *testing.T) {
	o, err := parseFlags([]string{"-methods", "totp,lookup_secret,sms"}, io.Discard)
	if err != nil || !reflect.DeepEqual(o.methods, kratoslocal.Methods{TOTP: true, LookupSecret: true, SMS: true}) {
		t.Fatalf("parseFlags: %+v, %v", o.methods, err)
	}
	if o, err := parseFlags(nil, io.Discard); err != nil || !reflect.DeepEqual(o.methods, kratoslocal.Methods{}) {
		t.Errorf("no -methods: %+v, %v; want none (./build.sh serve as before)", o.methods, err)
	}
	for _, args := range [][]string{
		{"-methods", "passwordless,sms"},
		{"-methods", "magic"},
		{"-methods", "totp", "-ory", "https://x.projects.oryapis.com"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil || !strings.Contains(err.Error(), "-methods") {
			t.Errorf("parseFlags(%q): %v, want a -methods error", args, err)
		}
	}
}
