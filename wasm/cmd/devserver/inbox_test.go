//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// fakeMails is a mailSource with fixed mails.
type fakeMails struct {
	mails []kratoslocal.Mail
	err   error
	asked []string
}

func (f *fakeMails) Mails(_ context.Context, email string) ([]kratoslocal.Mail, error) {
	f.asked = append(f.asked, email)
	return f.mails, f.err
}

func TestInboxNewestFirst(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	src := &fakeMails{}
	for i := range 25 {
		src.mails = append(src.mails, kratoslocal.Mail{
			ID: string(rune('a' + i)), To: "demo@example.com", Subject: "Login to your account",
			Body: "code", Code: "123456", CreatedAt: t0.Add(time.Duration(i) * time.Second),
		})
	}
	w := get(inboxHandler(src), "GET", "/dev/inbox?email=demo@example.com", nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var got []map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != inboxLimit {
		t.Fatalf("%d mails, want %d", len(got), inboxLimit)
	}
	if got[0]["id"] != "y" || got[1]["id"] != "x" {
		t.Errorf("order: first ids %v, %v; want newest first", got[0]["id"], got[1]["id"])
	}
	for _, k := range []string{"to", "subject", "body", "code", "createdAt"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("mail lacks %q: %v", k, got[0])
		}
	}
	if len(src.asked) != 1 || src.asked[0] != "demo@example.com" {
		t.Errorf("asked Kratos for %v", src.asked)
	}
}

func TestInboxEmpty(t *testing.T) {
	w := get(inboxHandler(&fakeMails{}), "GET", "/dev/inbox?email=demo@example.com", nil)
	if w.Code != 200 || w.Body.String() != "[]\n" {
		t.Errorf("status %d body %q, want 200 []", w.Code, w.Body)
	}
}

func TestInboxBadRequests(t *testing.T) {
	src := &fakeMails{}
	for _, q := range []string{"", "?email=", "?email=not-an-address", "?email=Demo%20%3Cdemo@example.com%3E", "?email=a@example.com,b@example.com"} {
		if w := get(inboxHandler(src), "GET", "/dev/inbox"+q, nil); w.Code != 400 {
			t.Errorf("%q: status %d, want 400", q, w.Code)
		}
	}
	if len(src.asked) != 0 {
		t.Errorf("asked Kratos for %v", src.asked)
	}
	fail := &fakeMails{err: errors.New("connection refused")}
	if w := get(inboxHandler(fail), "GET", "/dev/inbox?email=demo@example.com", nil); w.Code != 502 {
		t.Errorf("Kratos error: status %d, want 502", w.Code)
	}
}
