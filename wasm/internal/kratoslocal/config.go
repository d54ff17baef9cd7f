//go:build !js

package kratoslocal

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// dsn is the SQLite database, relative to the work dir (Kratos runs there).
// WAL lets readers and the writer overlap, and the busy timeout makes a writer
// wait instead of failing with "database is locked".
const dsn = "sqlite://./kratos.sqlite?_fk=true&mode=rwc&_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate"

// identitySchema gives every identity an email that is both its password
// identifier and its code (second factor) address.
const identitySchema = `{
  "$id": "https://example.com/identity.schema.json",
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
          "type": "string",
          "format": "email",
          "title": "E-Mail",
          "minLength": 3,
          "maxLength": 320,
          "ory.sh/kratos": {
            "credentials": {
              "password": {"identifier": true},
              "code": {"identifier": true, "via": "email"}
            },
            "verification": {"via": "email"},
            "recovery": {"via": "email"}
          }
        }
      }
    }
  }
}
`

// withDefaults fills the zero fields of o that have a documented default.
func (o Options) withDefaults() Options {
	if o.RequiredAAL == "" {
		o.RequiredAAL = "aal1"
	}
	if o.LoginLifespan == 0 {
		o.LoginLifespan = 10 * time.Minute
	}
	if o.CodeLifespan == 0 {
		o.CodeLifespan = 15 * time.Minute
	}
	if o.BcryptCost == 0 {
		o.BcryptCost = 4
	}
	return o
}

// validate rejects options Kratos would refuse less clearly.
func (o Options) validate() error {
	switch o.RequiredAAL {
	case "aal1", "highest_available":
	default:
		return fmt.Errorf("kratoslocal: RequiredAAL %q: want \"\", \"aal1\" or \"highest_available\"", o.RequiredAAL)
	}
	if o.LoginLifespan < 0 || o.CodeLifespan < 0 {
		return fmt.Errorf("kratoslocal: negative lifespan")
	}
	if o.BcryptCost < 4 || o.BcryptCost > 31 {
		return fmt.Errorf("kratoslocal: BcryptCost %d out of [4, 31]", o.BcryptCost)
	}
	for _, origin := range o.AllowedOrigins {
		if !strings.HasPrefix(origin, "http://") && !strings.HasPrefix(origin, "https://") || strings.HasSuffix(origin, "/") {
			return fmt.Errorf("kratoslocal: AllowedOrigins: %q is not an origin like http://127.0.0.1:8080", origin)
		}
	}
	return nil
}

// duration formats d the way Kratos's config schema accepts
// (^([0-9]+(ns|us|ms|s|m|h))+$): time.Duration.String gives "1.5s", which
// the schema refuses.
func duration(d time.Duration) string {
	switch {
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	case d%time.Millisecond == 0:
		return fmt.Sprintf("%dms", d/time.Millisecond)
	default:
		return fmt.Sprintf("%dns", d)
	}
}

// secret returns n random hex characters.
func secret(n int) string {
	b := make([]byte, (n+1)/2)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)[:n]
}

// config builds kratos.yml for o (defaults applied) served on the given
// URLs, its courier delivering to the sink at sinkURL, for the Kratos
// release version (the binary's own, so that it logs no version warning). It is written as JSON, which is valid YAML and needs no
// escaping care. v1.3.1 and v26.2.0 load the same keys (the protocol notes
// for v26, §9.1 and §9.4): none of them is version-specific.
func config(o Options, version, publicURL, adminURL, sinkURL string, publicPort, adminPort int) ([]byte, error) {
	ui := "http://127.0.0.1"
	if len(o.AllowedOrigins) > 0 {
		ui = o.AllowedOrigins[0]
	}
	origins := append([]string{}, o.AllowedOrigins...)
	returnURLs := []string{}
	for _, origin := range o.AllowedOrigins {
		returnURLs = append(returnURLs, origin, origin+"/")
	}
	if len(returnURLs) == 0 {
		returnURLs = append(returnURLs, ui+"/")
	}
	healthQuiet := map[string]any{"disable_for_health": true}
	c := map[string]any{
		"version": version,
		"dsn":     dsn,
		"serve": map[string]any{
			"public": map[string]any{
				"base_url":    publicURL + "/",
				"host":        "127.0.0.1",
				"port":        publicPort,
				"request_log": healthQuiet,
				"cors": map[string]any{
					"enabled":           true,
					"allowed_origins":   origins,
					"allowed_methods":   []string{"GET", "POST", "PUT", "PATCH", "DELETE"},
					"allowed_headers":   []string{"Authorization", "Content-Type", "Accept", "X-Session-Token", "X-CSRF-Token"},
					"allow_credentials": true,
				},
			},
			"admin": map[string]any{
				"base_url":    adminURL + "/",
				"host":        "127.0.0.1",
				"port":        adminPort,
				"request_log": healthQuiet,
			},
		},
		"selfservice": map[string]any{
			"default_browser_return_url": ui + "/",
			"allowed_return_urls":        returnURLs,
			"methods": map[string]any{
				"password": map[string]any{"enabled": true},
				"code": map[string]any{
					"enabled":              true,
					"passwordless_enabled": false, // code as first factor and as MFA exclude each other
					"mfa_enabled":          true,
					"config":               map[string]any{"lifespan": duration(o.CodeLifespan)},
				},
			},
			"flows": map[string]any{
				"error": map[string]any{"ui_url": ui + "/error.html"},
				"login": map[string]any{
					"ui_url":   ui + "/login.html",
					"lifespan": duration(o.LoginLifespan),
				},
				"registration": map[string]any{
					"enabled": false,
					"ui_url":  ui + "/registration.html",
				},
			},
		},
		"session": map[string]any{
			"lifespan": "24h",
			"whoami":   map[string]any{"required_aal": o.RequiredAAL},
		},
		"secrets": map[string]any{
			"cookie": []string{secret(32)},
			"cipher": []string{secret(32)}, // exactly 32 characters
		},
		"ciphers": map[string]any{"algorithm": "xchacha20-poly1305"},
		"hashers": map[string]any{
			"algorithm": "bcrypt",
			"bcrypt":    map[string]any{"cost": o.BcryptCost}, // < 12 needs --dev
		},
		"courier": courier(sinkURL),
		"identity": map[string]any{
			"default_schema_id": "default",
			"schemas": []any{
				map[string]any{"id": "default", "url": "file://./identity.schema.json"},
			},
		},
	}
	return json.MarshalIndent(c, "", "  ")
}

// courierPullWait is how long the courier worker waits between two looks
// at its queue (Kratos's default is 1s): a test that sends a code by SMS
// reads it from the sink soon after, and each look (a short SQLite write
// transaction) still leaves the flows' requests room on busy cores.
const courierPullWait = 250 * time.Millisecond

// courier configures Kratos's courier (which startCourier runs)
// to deliver to the sink at sinkURL: SMS texts through the HTTP channel
// "sms" (what an SMS gateway gets), e-mails through HTTP too, so that it
// never tries an SMTP server that is not there.
func courier(sinkURL string) map[string]any {
	request := func(path, template string) map[string]any {
		return map[string]any{
			"url":    sinkURL + path,
			"method": "POST",
			"body":   "base64://" + base64.StdEncoding.EncodeToString([]byte(template)),
		}
	}
	return map[string]any{
		"worker":            map[string]any{"pull_wait": duration(courierPullWait)},
		"delivery_strategy": "http",
		"http":              map[string]any{"request_config": request(emailPath, emailTemplate)},
		"channels":          []any{map[string]any{"id": "sms", "type": "http", "request_config": request(smsPath, smsTemplate)}},
	}
}

// writeConfig writes kratos.yml and identity.schema.json into dir.
func writeConfig(dir string, cfg []byte) error {
	if err := os.WriteFile(filepath.Join(dir, "kratos.yml"), cfg, 0o600); err != nil {
		return fmt.Errorf("kratoslocal: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "identity.schema.json"), []byte(identitySchema), 0o644); err != nil {
		return fmt.Errorf("kratoslocal: %w", err)
	}
	return nil
}
