//go:build !js

package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// methodNames are the values -methods takes, as Kratos names the methods
// (identifier_first is the login style).
var methodNames = []string{"totp", "lookup_secret", "sms", "passwordless", "identifier_first", "passkey", "webauthn"}

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
		switch strings.TrimSpace(name) {
		case "totp":
			m.TOTP = true
		case "lookup_secret":
			m.LookupSecret = true
		case "sms":
			m.SMS = true
		case "passwordless":
			m.Passwordless = true
		case "identifier_first":
			m.IdentifierFirst = true
		case "passkey":
			m.Passkey = true
		case "webauthn":
			m.WebAuthn = true
		default:
			return m, fmt.Errorf("-methods: unknown method %q, want a comma-separated list of %s", strings.TrimSpace(name), strings.Join(methodNames, ", "))
		}
	}
	if m.Passwordless && m.SMS {
		return m, fmt.Errorf("-methods: passwordless and sms exclude each other (Kratos has the code method either as the first factor or as the second)")
	}
	return m, nil
}

// methodList names the methods m switches on, in methodNames's order, for
// the banner and the ready line.
func methodList(m kratoslocal.Methods) []string {
	on := map[string]bool{"totp": m.TOTP, "lookup_secret": m.LookupSecret, "sms": m.SMS,
		"passwordless": m.Passwordless, "identifier_first": m.IdentifierFirst, "passkey": m.Passkey, "webauthn": m.WebAuthn}
	return slices.DeleteFunc(slices.Clone(methodNames), func(n string) bool { return !on[n] })
}
