//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/totp"
)

// demoPhone is the demo identity's phone with -methods sms: a number of a
// real German mobile range, since Kratos's libphonenumber refuses the 555
// numbers of films.
const demoPhone = "+4915112345678"

// demoFactors is what the demo person holds beside the password once
// -methods links them: the phone SMS codes go to, the authenticator app's
// secret and the backup codes Kratos generated. It lives in the dev server
// only and never reaches a log.
type demoFactors struct {
	identityID string
	phone      string
	totpSecret string   // "" without totp
	backup     []string // nil without lookup_secret; which are used, Kratos knows
	adminURL   string   // Kratos's admin API, to read which backup codes are used
	client     *http.Client
	now        func() time.Time
}

// createDemo creates the demo identity (with the phone when m.SMS) and
// links the second factors m switches on through Kratos's own settings
// API, as a person would in the settings flow. It returns nil when m adds
// nothing the person holds.
func createDemo(ctx context.Context, ks *kratoslocal.Server, email, password string, m kratoslocal.Methods) (*demoFactors, error) {
	traits := map[string]any{"email": email}
	if m.SMS {
		traits["phone"] = demoPhone
	}
	id, err := ks.CreateIdentityWithTraits(ctx, traits, password)
	if err != nil {
		return nil, err
	}
	if !m.SMS && !m.TOTP && !m.LookupSecret {
		return nil, nil
	}
	f := &demoFactors{identityID: id, adminURL: ks.AdminURL, client: &http.Client{Timeout: 5 * time.Second}, now: time.Now}
	if m.SMS {
		f.phone = demoPhone
	}
	if m.TOTP || m.LookupSecret {
		token, err := ks.APILogin(ctx, email, password)
		if err != nil {
			return nil, err
		}
		if m.LookupSecret {
			if f.backup, err = ks.LinkBackupCodes(ctx, token); err != nil {
				return nil, err
			}
		}
		if m.TOTP {
			if f.totpSecret, err = ks.LinkTOTP(ctx, token); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// factorsAnswer is GET /dev/factors's JSON: what the demo person would
// have on their phone right now.
type factorsAnswer struct {
	TOTP        string   `json:"totp,omitempty"`  // the authenticator app's current code
	BackupCodes []string `json:"backupCodes"`     // the backup codes not used yet, in Kratos's order; null without lookup_secret
	Phone       string   `json:"phone,omitempty"` // where the SMS codes go (read them from /dev/inbox?phone=)
}

// unusedBackupCodes asks Kratos's admin API which of the demo identity's
// backup codes are still unused.
func (f *demoFactors) unusedBackupCodes(ctx context.Context) ([]string, error) {
	u := f.adminURL + "/admin/identities/" + url.PathEscape(f.identityID) + "?include_credential=lookup_secret"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /admin/identities/%s: HTTP %d", f.identityID, resp.StatusCode)
	}
	var identity struct {
		Credentials struct {
			LookupSecret struct {
				Config struct {
					RecoveryCodes []struct {
						Code   string     `json:"code"`
						UsedAt *time.Time `json:"used_at"`
					} `json:"recovery_codes"`
				} `json:"config"`
			} `json:"lookup_secret"`
		} `json:"credentials"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&identity); err != nil {
		return nil, fmt.Errorf("GET /admin/identities/%s: %w", f.identityID, err)
	}
	codes := identity.Credentials.LookupSecret.Config.RecoveryCodes
	if len(codes) == 0 {
		return nil, fmt.Errorf("GET /admin/identities/%s: no backup codes in the lookup_secret credential", f.identityID)
	}
	unused := []string{}
	for _, c := range codes {
		if c.UsedAt == nil || c.UsedAt.IsZero() {
			unused = append(unused, c.Code)
		}
	}
	return unused, nil
}

// factorsHandler answers GET /dev/factors with the demo person's factors
// (factorsAnswer), never cached: 502 when Kratos could not tell which
// backup codes are used. Like /dev/inbox it exists only in the dev server.
func factorsHandler(f *demoFactors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		out := factorsAnswer{Phone: f.phone}
		if f.totpSecret != "" {
			code, err := totp.Code(f.totpSecret, f.now())
			if err != nil {
				log.Printf("devserver: factors: totp: %v", err)
				http.Error(w, "could not compute the TOTP code", http.StatusInternalServerError)
				return
			}
			out.TOTP = code
		}
		if f.backup != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
			defer cancel()
			unused, err := f.unusedBackupCodes(ctx)
			if err != nil {
				log.Printf("devserver: factors: %v", err)
				http.Error(w, "could not read the backup codes from Kratos", http.StatusBadGateway)
				return
			}
			out.BackupCodes = unused
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
}

// withFactors routes GET /dev/factors to f's handler and the rest to next.
func withFactors(next http.Handler, f *demoFactors) http.Handler {
	if f == nil {
		return next
	}
	mux := http.NewServeMux()
	mux.Handle("GET /dev/factors", factorsHandler(f))
	mux.Handle("/", next)
	return mux
}
