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
	"regexp"
	"strings"
	"time"
)

// Mail is one courier message: an e-mail as the admin API lists it, or an
// SMS text as the sink received it. Code is the one-time code found in
// Body ("" when there is none); Type is Kratos's message type ("email" or
// "sms") and Channel the courier channel it went through.
type Mail struct {
	ID, To, Subject, Body, Code string
	Type, Channel               string
	CreatedAt                   time.Time
}

// CreateIdentity creates an identity (schema "default") with email as its
// trait and password as its password credential, and returns its id. The
// password is never logged or put in an error.
func (s *Server) CreateIdentity(ctx context.Context, email, password string) (id string, err error) {
	body, err := json.Marshal(map[string]any{
		"schema_id": "default",
		"traits":    map[string]any{"email": email},
		"credentials": map[string]any{
			"password": map[string]any{"config": map[string]any{"password": password}},
		},
	})
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	var created struct{ ID string }
	if err := s.admin(ctx, http.MethodPost, "/admin/identities", body, http.StatusCreated, &created); err != nil {
		return "", fmt.Errorf("kratoslocal: create identity %s: %w", email, err)
	}
	if created.ID == "" {
		return "", fmt.Errorf("kratoslocal: create identity %s: no id in the answer", email)
	}
	return created.ID, nil
}

// DeleteIdentity deletes the identity with this id (and its sessions).
func (s *Server) DeleteIdentity(ctx context.Context, id string) error {
	if err := s.admin(ctx, http.MethodDelete, "/admin/identities/"+url.PathEscape(id), nil, http.StatusNoContent, nil); err != nil {
		return fmt.Errorf("kratoslocal: delete identity %s: %w", id, err)
	}
	return nil
}

// Mails lists the messages to a recipient, newest first: for a phone
// number (+ and digits) the SMS texts the courier delivered to the sink
// through the HTTP channel "sms"; else the e-mails in Kratos's courier
// queue as the admin API lists them (at most 100; Kratos stores addresses
// lower-cased, so email is lower-cased for the query).
func (s *Server) Mails(ctx context.Context, email string) ([]Mail, error) {
	if isPhone(email) {
		if err := s.startCourierOnce(); err != nil {
			return nil, err
		}
		return s.sink.texts(email), nil
	}
	q := url.Values{"recipient": {strings.ToLower(strings.TrimSpace(email))}, "page_size": {"100"}}
	var msgs []struct {
		ID        string    `json:"id"`
		Recipient string    `json:"recipient"`
		Subject   string    `json:"subject"`
		Body      string    `json:"body"`
		Type      string    `json:"type"`
		Channel   string    `json:"channel"`
		CreatedAt time.Time `json:"created_at"`
	}
	if err := s.admin(ctx, http.MethodGet, "/admin/courier/messages?"+q.Encode(), nil, http.StatusOK, &msgs); err != nil {
		return nil, fmt.Errorf("kratoslocal: list mails to %s: %w", email, err)
	}
	mails := make([]Mail, len(msgs))
	for i, m := range msgs {
		mails[i] = Mail{ID: m.ID, To: m.Recipient, Subject: m.Subject, Body: m.Body, Code: codeIn(m.Body), Type: m.Type, Channel: m.Channel, CreatedAt: m.CreatedAt}
	}
	return mails, nil
}

// isPhone reports whether to is a phone number as Kratos stores a phone
// trait (E.164: + and digits), which the courier texts rather than mails.
func isPhone(to string) bool {
	return len(to) > 1 && to[0] == '+' && strings.Trim(to[1:], "0123456789") == ""
}

// digitRun matches a maximal run of digits.
var digitRun = regexp.MustCompile(`[0-9]+`)

// codeIn returns the only 6-digit run in body, or "" if there is none or
// more than one.
func codeIn(body string) string {
	code := ""
	for _, run := range digitRun.FindAllString(body, -1) {
		if len(run) == 6 {
			if code != "" {
				return ""
			}
			code = run
		}
	}
	return code
}

// WaitCode polls Mails every 25ms until a mail created after newerThan
// holds a code, and returns the code of the newest such mail. With a zero
// newerThan it takes the newest mail that holds a code. It gives up when
// ctx ends; give ctx a deadline.
func (s *Server) WaitCode(ctx context.Context, email string, newerThan time.Time) (string, error) {
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		mails, err := s.Mails(ctx, email)
		if err == nil {
			for _, m := range mails { // newest first
				if !newerThan.IsZero() && !m.CreatedAt.After(newerThan) {
					break
				}
				if m.Code != "" {
					return m.Code, nil
				}
			}
		}
		lastErr = err
		select {
		case <-ctx.Done():
			if lastErr != nil {
				return "", fmt.Errorf("kratoslocal: no code mailed to %s: %w (last error: %v)", email, ctx.Err(), lastErr)
			}
			return "", fmt.Errorf("kratoslocal: no code mailed to %s after %s: %w", email, newerThan.Format(time.RFC3339Nano), ctx.Err())
		case <-tick.C:
		}
	}
}

// admin sends one admin API request and decodes a JSON answer into out
// (when out is not nil). A status other than want is an error carrying the
// start of the body.
func (s *Server) admin(ctx context.Context, method, path string, body []byte, want int, out any) error {
	status, data, err := s.send(ctx, s.AdminURL, method, path, "", body)
	if err != nil {
		return err
	}
	if status != want {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, status, tail(data, 1024))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: decoding answer: %w", method, path, err)
		}
	}
	return nil
}

// send makes one JSON request to base+path, with an API session token
// when token is not "", and returns the status and at most 8 MiB of body.
func (s *Server) send(ctx context.Context, base, method, path, token string, body []byte) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("X-Session-Token", token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, data, err
}
