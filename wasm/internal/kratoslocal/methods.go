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
	// schema and an HTTP courier channel "sms" for it. No courier worker
	// runs, so the texts stay queued and Mails(phone) reads them, as for
	// e-mail.
	SMS bool
}

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
	if m.TOTP || m.LookupSecret {
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
	if m.SMS {
		schema := "base64://" + base64.StdEncoding.EncodeToString([]byte(phoneSchema))
		set("IDENTITY_SCHEMAS", mustJSON([]any{map[string]any{"id": "default", "url": schema}}))
		body := "base64://" + base64.StdEncoding.EncodeToString([]byte(smsBody))
		set("COURIER_CHANNELS", mustJSON([]any{map[string]any{
			"id": "sms", "type": "http",
			"request_config": map[string]any{"url": "http://127.0.0.1:9/sms", "method": "POST", "body": body},
		}}))
	}
	return env
}

// smsBody is the courier's JSON body for the SMS channel (never sent: no
// courier worker runs).
const smsBody = `function(ctx) { to: ctx.recipient, body: ctx.body }`

// phoneSchema is identitySchema plus an optional phone trait that is a
// code address by SMS.
const phoneSchema = `{
  "$id": "https://example.com/identity-phone.schema.json",
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Person",
  "type": "object",
  "properties": {
    "traits": {
      "type": "object",
      "required": ["email"],
      "additionalProperties": false,
      "properties": {
        "email": {
          "type": "string", "format": "email", "title": "E-Mail", "minLength": 3, "maxLength": 320,
          "ory.sh/kratos": {
            "credentials": {"password": {"identifier": true}, "code": {"identifier": true, "via": "email"}},
            "verification": {"via": "email"}, "recovery": {"via": "email"}
          }
        },
        "phone": {
          "type": "string", "format": "tel", "title": "Phone",
          "ory.sh/kratos": {"credentials": {"code": {"identifier": true, "via": "sms"}}}
        }
      }
    }
  }
}
`

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
