//go:build !js

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// methodSwitches are the values -methods takes, as Kratos names the methods
// (identifier_first is the login style), each with the local Kratos's
// switch it turns on.
var methodSwitches = []methodSwitch{
	{"totp", func(m *kratoslocal.Methods) *bool { return &m.TOTP }},
	{"lookup_secret", func(m *kratoslocal.Methods) *bool { return &m.LookupSecret }},
	{"sms", func(m *kratoslocal.Methods) *bool { return &m.SMS }},
	{"passwordless", func(m *kratoslocal.Methods) *bool { return &m.Passwordless }},
	{"identifier_first", func(m *kratoslocal.Methods) *bool { return &m.IdentifierFirst }},
	{"passkey", func(m *kratoslocal.Methods) *bool { return &m.Passkey }},
	{"webauthn", func(m *kratoslocal.Methods) *bool { return &m.WebAuthn }},
}

// methodSwitch is one value of -methods and the switch it turns on.
type methodSwitch struct {
	name string
	on   func(*kratoslocal.Methods) *bool
}

// methodNames lists methodSwitches's names, for the flag's help and errors.
var methodNames = func() []string {
	out := make([]string, len(methodSwitches))
	for i, s := range methodSwitches {
		out[i] = s.name
	}
	return out
}()

// parseMethods reads -methods, a comma-separated list of methodNames, into
// the local Kratos's switches. Empty means none: password and the e-mail
// code only, as ./build.sh serve runs it. Kratos v1.3.1 has the code
// method either as the first factor (passwordless) or as the second (the
// e-mail and SMS codes after the password), so passwordless excludes sms.
func parseMethods(list string) (kratoslocal.Methods, error) {
	var m kratoslocal.Methods
	if strings.TrimSpace(list) == "" {
		return m, nil
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(methodSwitches, func(s methodSwitch) bool { return s.name == name })
		if i < 0 {
			return m, fmt.Errorf("-methods: unknown method %q, want a comma-separated list of %s", name, strings.Join(methodNames, ", "))
		}
		*methodSwitches[i].on(&m) = true
	}
	if m.Passwordless && m.SMS {
		return m, fmt.Errorf("-methods: passwordless and sms exclude each other (Kratos has the code method either as the first factor or as the second)")
	}
	return m, nil
}

// methodList names the methods m switches on, in methodSwitches's order,
// for the banner and the ready line.
func methodList(m kratoslocal.Methods) []string {
	out := []string{}
	for _, s := range methodSwitches {
		if *s.on(&m) {
			out = append(out, s.name)
		}
	}
	return out
}
