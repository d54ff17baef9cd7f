//go:build !js

package kratoslocal

import (
	"encoding/base64"
	"encoding/json"
)

// Methods switches on Kratos login methods beyond password + e-mail code,
// through Options.Env (Kratos reads any config key from the environment,
// arrays and objects as JSON), so that one rig serves every method's test.
type Methods struct {
	TOTP         bool // selfservice.methods.totp
	LookupSecret bool // selfservice.methods.lookup_secret (backup codes)
	// Passwordless makes the code method a first factor
	// (code.passwordless_enabled) instead of the second (mfa_enabled):
	// Kratos v1.3.1 allows only one of the two.
	Passwordless    bool
	IdentifierFirst bool // selfservice.flows.login.style: identifier_first
	// SMS adds a phone trait, a code address "via: sms", to the identity
	// schema. Every Server's courier has the HTTP channel "sms", which
	// delivers the texts to the Server's sink; Mails(phone) starts the
	// courier worker and reads them there.
	SMS bool
	// Passkey (selfservice.methods.passkey: a first factor) and WebAuthn
	// (selfservice.methods.webauthn, passwordless false: security keys as
	// the second factor) use the relying party "localhost" (an RP id must
	// be a domain, 127.0.0.1 is not) and accept WebAuthnOrigins, the
	// pages' origins on http://localhost:PORT. The e-mail trait becomes the
	// passkey's display name and the security key's identifier.
	Passkey, WebAuthn bool
	WebAuthnOrigins   []string
}

// WebAuthnRPID is the relying party id of Passkey and WebAuthn.
const WebAuthnRPID = "localhost"

// Env returns the KEY=VALUE entries that switch m on; append them to
// Options.Env.
func (m Methods) Env() []string {
	var env []string
	set := func(k, v string) { env = append(env, k+"="+v) }
	if m.TOTP {
		set("SELFSERVICE_METHODS_TOTP_ENABLED", "true")
		set("SELFSERVICE_METHODS_TOTP_CONFIG_ISSUER", "orylogin-test")
	}
	if m.LookupSecret {
		set("SELFSERVICE_METHODS_LOOKUP_SECRET_ENABLED", "true")
	}
	for _, w := range []struct {
		on  bool
		key string
	}{{m.Passkey, "PASSKEY"}, {m.WebAuthn, "WEBAUTHN"}} {
		if !w.on {
			continue
		}
		key := w.key
		set("SELFSERVICE_METHODS_"+key+"_ENABLED", "true")
		set("SELFSERVICE_METHODS_"+key+"_CONFIG_RP_ID", WebAuthnRPID)
		set("SELFSERVICE_METHODS_"+key+"_CONFIG_RP_DISPLAY_NAME", "orylogin-test")
		set("SELFSERVICE_METHODS_"+key+"_CONFIG_RP_ORIGINS", mustJSON(m.WebAuthnOrigins))
	}
	if m.WebAuthn {
		set("SELFSERVICE_METHODS_WEBAUTHN_CONFIG_PASSWORDLESS", "false")
	}
	if m.TOTP || m.LookupSecret || m.Passkey || m.WebAuthn {
		// Linking a second factor through the settings API flow must not
		// itself need the second factor once the first one is linked.
		set("SELFSERVICE_FLOWS_SETTINGS_REQUIRED_AAL", "aal1")
	}
	if m.Passwordless {
		set("SELFSERVICE_METHODS_CODE_PASSWORDLESS_ENABLED", "true")
		set("SELFSERVICE_METHODS_CODE_MFA_ENABLED", "false")
	}
	if m.IdentifierFirst {
		set("SELFSERVICE_FLOWS_LOGIN_STYLE", "identifier_first")
	}
	if m.SMS || m.Passkey || m.WebAuthn {
		schema := "base64://" + base64.StdEncoding.EncodeToString([]byte(m.schema()))
		set("IDENTITY_SCHEMAS", mustJSON([]any{map[string]any{"id": "default", "url": schema}}))
	}
	return env
}

// schema is identitySchema with what m's methods need: an optional phone
// trait that is a code address by SMS, the e-mail as a passkey's display
// name and a security key's identifier.
func (m Methods) schema() string {
	var schema map[string]any
	if err := json.Unmarshal([]byte(identitySchema), &schema); err != nil {
		panic(err)
	}
	props := schema["properties"].(map[string]any)["traits"].(map[string]any)["properties"].(map[string]any)
	if m.SMS {
		props["phone"] = map[string]any{
			"type": "string", "format": "tel", "title": "Phone",
			"ory.sh/kratos": map[string]any{"credentials": map[string]any{"code": map[string]any{"identifier": true, "via": "sms"}}},
		}
	}
	creds := props["email"].(map[string]any)["ory.sh/kratos"].(map[string]any)["credentials"].(map[string]any)
	if m.Passkey {
		creds["passkey"] = map[string]any{"display_name": true}
	}
	if m.WebAuthn {
		creds["webauthn"] = map[string]any{"identifier": true}
	}
	return mustJSON(schema)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
