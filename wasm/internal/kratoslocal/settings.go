//go:build !js

package kratoslocal

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/totp"
)

// CreateIdentityWithTraits is CreateIdentity with any traits (a phone
// beside the e-mail, say).
func (s *Server) CreateIdentityWithTraits(ctx context.Context, traits map[string]any, password string) (string, error) {
	body, err := json.Marshal(map[string]any{
		"schema_id": "default", "traits": traits,
		"credentials": map[string]any{"password": map[string]any{"config": map[string]any{"password": password}}},
	})
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	var created struct{ ID string }
	if err := s.admin(ctx, http.MethodPost, "/admin/identities", body, http.StatusCreated, &created); err != nil || created.ID == "" {
		return "", fmt.Errorf("kratoslocal: create identity: %v", err)
	}
	return created.ID, nil
}

// APILogin logs in by password through the API flow and returns the
// session token, for the settings helpers below. The password and the
// token never reach an error.
func (s *Server) APILogin(ctx context.Context, identifier, password string) (string, error) {
	var f struct {
		ID string `json:"id"`
	}
	if err := s.public(ctx, http.MethodGet, "/self-service/login/api", "", nil, &f); err != nil || f.ID == "" {
		return "", fmt.Errorf("kratoslocal: login flow: %v", err)
	}
	body, _ := json.Marshal(map[string]string{"method": "password", "identifier": identifier, "password": password})
	var out struct {
		Token string `json:"session_token"`
	}
	if err := s.public(ctx, http.MethodPost, "/self-service/login?flow="+url.QueryEscape(f.ID), "", body, &out); err != nil || out.Token == "" {
		return "", fmt.Errorf("kratoslocal: password login: %v", err)
	}
	return out.Token, nil
}

// LinkTOTP links an authenticator app to the identity of the API session
// token, the way a person does in Kratos's settings flow: read the secret
// Kratos offers (node totp_secret_key), answer with its current code. It
// returns the secret, which the caller must keep out of logs.
func (s *Server) LinkTOTP(ctx context.Context, sessionToken string) (string, error) {
	f, err := s.settingsFlow(ctx, sessionToken)
	if err != nil {
		return "", err
	}
	secret := f.text("totp_secret_key")
	if secret == "" {
		return "", fmt.Errorf("kratoslocal: the settings flow offers no totp_secret_key (is totp enabled?)")
	}
	code, err := totp.Code(secret, time.Now())
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	if _, err := s.updateSettings(ctx, sessionToken, f.ID, map[string]any{"method": "totp", "totp_code": code}); err != nil {
		return "", fmt.Errorf("kratoslocal: link totp: %w", err)
	}
	return secret, nil
}

// LinkBackupCodes makes Kratos generate backup codes for the identity of
// the API session token and confirms them (lookup_secret_regenerate, then
// lookup_secret_confirm), and returns them.
func (s *Server) LinkBackupCodes(ctx context.Context, sessionToken string) ([]string, error) {
	f, err := s.settingsFlow(ctx, sessionToken)
	if err != nil {
		return nil, err
	}
	f, err = s.updateSettings(ctx, sessionToken, f.ID, map[string]any{"method": "lookup_secret", "lookup_secret_regenerate": true})
	if err != nil {
		return nil, fmt.Errorf("kratoslocal: regenerate backup codes: %w", err)
	}
	list := f.text("lookup_secret_codes")
	if list == "" {
		return nil, fmt.Errorf("kratoslocal: no lookup_secret_codes node after regenerating")
	}
	if _, err := s.updateSettings(ctx, sessionToken, f.ID, map[string]any{"method": "lookup_secret", "lookup_secret_confirm": true}); err != nil {
		return nil, fmt.Errorf("kratoslocal: confirm backup codes: %w", err)
	}
	return strings.Split(list, ", "), nil
}

// settingsUI is the part of a settings flow these helpers read.
type settingsUI struct {
	ID string `json:"id"`
	UI struct {
		Nodes []struct {
			Attributes struct {
				ID   string `json:"id"`
				Text struct {
					Text string `json:"text"`
				} `json:"text"`
			} `json:"attributes"`
		} `json:"nodes"`
	} `json:"ui"`
}

// text returns the text of the text node with this id.
func (f settingsUI) text(id string) string {
	for _, n := range f.UI.Nodes {
		if n.Attributes.ID == id {
			return n.Attributes.Text.Text
		}
	}
	return ""
}

func (s *Server) settingsFlow(ctx context.Context, token string) (settingsUI, error) {
	var f settingsUI
	err := s.public(ctx, http.MethodGet, "/self-service/settings/api", token, nil, &f)
	if err != nil || f.ID == "" {
		return f, fmt.Errorf("kratoslocal: settings flow: %v", err)
	}
	return f, nil
}

func (s *Server) updateSettings(ctx context.Context, token, flow string, body map[string]any) (settingsUI, error) {
	var f settingsUI
	b, _ := json.Marshal(body)
	err := s.public(ctx, http.MethodPost, "/self-service/settings?flow="+url.QueryEscape(flow), token, b, &f)
	return f, err
}

// public calls Kratos's public API with an API session token. Kratos
// answers a settings update with 200 and the flow; anything else is an
// error carrying the answer's error id, never the body (it may hold codes).
func (s *Server) public(ctx context.Context, method, path, token string, body []byte, out any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.PublicURL+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("X-Session-Token", token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct {
				ID     string `json:"id"`
				Reason string `json:"reason"`
			} `json:"error"`
		}
		json.Unmarshal(data, &e)
		return fmt.Errorf("%s %s: HTTP %d %s %s", method, path, resp.StatusCode, e.Error.ID, e.Error.Reason)
	}
	return json.Unmarshal(data, out)
}
