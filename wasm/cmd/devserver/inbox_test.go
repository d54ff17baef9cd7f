//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
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

func TestInboxCodeNewest(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	src := &fakeMails{mails: []kratoslocal.Mail{
		{ID: "old", Code: "111111", CreatedAt: t0},
		{ID: "new", Code: "222222", CreatedAt: t0.Add(time.Second)},
		{ID: "tie", Code: "333333", CreatedAt: t0}, // Kratos's order breaks ties: "new" stays first
	}}
	w := get(inboxCodeHandler(src), "GET", "/dev/inbox/code?email=demo@example.com", nil)
	if w.Code != 200 || w.Body.String() != "222222\n" {
		t.Fatalf("status %d body %q, want 200 222222", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
}

func TestInboxCodeNoneAndBad(t *testing.T) {
	if w := get(inboxCodeHandler(&fakeMails{}), "GET", "/dev/inbox/code?email=demo@example.com", nil); w.Code != 404 {
		t.Errorf("no mail: status %d, want 404", w.Code)
	}
	noCode := &fakeMails{mails: []kratoslocal.Mail{{ID: "a", Body: "welcome"}}}
	if w := get(inboxCodeHandler(noCode), "GET", "/dev/inbox/code?email=demo@example.com", nil); w.Code != 404 {
		t.Errorf("newest mail without a code: status %d, want 404", w.Code)
	}
	if w := get(inboxCodeHandler(&fakeMails{}), "GET", "/dev/inbox/code?email=x", nil); w.Code != 400 {
		t.Errorf("bad address: status %d, want 400", w.Code)
	}
	fail := &fakeMails{err: errors.New("connection refused")}
	if w := get(inboxCodeHandler(fail), "GET", "/dev/inbox/code?email=demo@example.com", nil); w.Code != 502 {
		t.Errorf("Kratos error: status %d, want 502", w.Code)
	}
}

// TestRestLoginLineQuotes runs the banner's line in a real shell, with the
// script replaced by a printer of its environment: every value arrives as
// it was, whatever the password holds.
func TestRestLoginLineQuotes(t *testing.T) {
	r := readyLine{URL: "http://127.0.0.1:8080/", KratosPublic: "http://127.0.0.1:4433", Email: "o'neil+x@example.com", Password: `p'w "$HOME" $(x) \`}
	line := restLoginLine(r)
	const script = " docs/rest-login.sh"
	if !strings.HasSuffix(line, script) {
		t.Fatalf("line %q does not run docs/rest-login.sh", line)
	}
	cmd := strings.TrimSuffix(line, script) + ` sh -c 'printf "%s\n" "$ORY_URL" "$ORY_IDENTIFIER" "$ORY_PASSWORD" "$ORY_CODE_COMMAND"'`
	out, err := exec.Command("sh", "-c", cmd).Output()
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	want := strings.Join([]string{r.KratosPublic, r.Email, r.Password,
		`curl -fsS "http://127.0.0.1:8080/dev/inbox/code?email=o%27neil%2Bx%40example.com"`}, "\n") + "\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestInboxByPhone: ?phone= lists the SMS texts to a number in E.164 form
// (what Kratos's courier delivered to kratoslocal's sink), for the list
// and for the code alike; a malformed number or both ?email= and ?phone=
// are refused before Kratos is asked.
func TestInboxByPhone(t *testing.T) {
	src := &fakeMails{mails: []kratoslocal.Mail{{ID: "s", To: "+4915112345678", Body: "Your login code is: 246810", Code: "246810"}}}
	w := get(inboxHandler(src), "GET", "/dev/inbox?phone=%2B4915112345678", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"code":"246810"`) {
		t.Fatalf("by phone: %d %s", w.Code, w.Body)
	}
	if w := get(inboxCodeHandler(src), "GET", "/dev/inbox/code?phone=%2B4915112345678", nil); w.Code != 200 || w.Body.String() != "246810\n" {
		t.Errorf("code by phone: %d %q", w.Code, w.Body)
	}
	if len(src.asked) != 2 || src.asked[0] != "+4915112345678" {
		t.Errorf("Kratos asked for %q", src.asked)
	}
	for _, q := range []string{"phone=4915112345678", "phone=+4915112345678" /* + is a space */, "phone=%2B12", "phone=%2Babc1234567",
		"phone=%2B4915112345678&email=demo@example.com", "phone="} {
		if w := get(inboxHandler(src), "GET", "/dev/inbox?"+q, nil); w.Code != 400 {
			t.Errorf("?%s: status %d, want 400", q, w.Code)
		}
	}
	if len(src.asked) != 2 {
		t.Errorf("a refused query reached Kratos: %q", src.asked)
	}
}
