//go:build !js

package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// inboxLimit caps how many mails one /dev/inbox answer lists.
const inboxLimit = 20

// mailSource lists the mails sent to one address; *kratoslocal.Server is one.
type mailSource interface {
	Mails(ctx context.Context, email string) ([]kratoslocal.Mail, error)
}

// inboxMail is one mail as /dev/inbox reports it.
type inboxMail struct {
	ID        string    `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Code      string    `json:"code"`
	CreatedAt time.Time `json:"createdAt"`
}

// e164 is a phone number as Kratos stores the phone trait: + and 7 to 15
// digits.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// recipient returns the one recipient q names: ?email= a plain address,
// or ?phone= a number in E.164 form (the SMS texts to it), not both.
func recipient(q url.Values) (string, bool) {
	email, phone := q.Get("email"), q.Get("phone")
	switch {
	case q.Has("email") && q.Has("phone"):
		return "", false
	case q.Has("phone"):
		return phone, e164.MatchString(phone)
	default:
		a, err := mail.ParseAddress(email)
		return email, err == nil && a.Address == email
	}
}

// readInbox reads the mails (and SMS texts) to the recipient of ?email= or ?phone= through
// src, newest first (Kratos's own order among equal times). When it
// returns false it has answered: 400 for a bad address, 502 when Kratos
// could not be read.
func readInbox(w http.ResponseWriter, r *http.Request, src mailSource) ([]kratoslocal.Mail, string, bool) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	email, ok := recipient(r.URL.Query())
	if !ok {
		http.Error(w, "want ?email= one plain address, or ?phone= one number as +<digits>", http.StatusBadRequest)
		return nil, "", false
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	mails, err := src.Mails(ctx, email)
	if err != nil {
		log.Printf("devserver: inbox: %v", err)
		http.Error(w, "could not read the mails from Kratos", http.StatusBadGateway)
		return nil, "", false
	}
	sort.SliceStable(mails, func(i, j int) bool { return mails[i].CreatedAt.After(mails[j].CreatedAt) })
	return mails, email, true
}

// inboxCodeHandler answers GET /dev/inbox/code?email=ADDRESS (or ?phone=) with the code
// of the newest mail to that address as plain text (the digits and a
// newline), or 404 when no mail holds one. It is what docs/rest-login.sh's
// ORY_CODE_COMMAND curls, so that the REST guide runs against the dev
// server's Kratos without a person reading the mail.
func inboxCodeHandler(src mailSource) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mails, email, ok := readInbox(w, r, src)
		if !ok {
			return
		}
		if len(mails) == 0 || mails[0].Code == "" {
			http.Error(w, "no code mailed to "+email+" yet", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, mails[0].Code+"\n")
	})
}

// inboxHandler answers GET /dev/inbox?email=ADDRESS (or ?phone=NUMBER, the
// SMS texts) with the newest mails to that address, newest first, as
// kratoslocal reads them (e-mails from Kratos's admin API, texts from the
// sink its courier delivers to). It exists
// only in the dev server: a deployed page has no inbox.
func inboxHandler(src mailSource) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mails, _, ok := readInbox(w, r, src)
		if !ok {
			return
		}
		out := make([]inboxMail, 0, min(len(mails), inboxLimit))
		for _, m := range mails[:min(len(mails), inboxLimit)] {
			out = append(out, inboxMail{ID: m.ID, To: m.To, Subject: m.Subject, Body: m.Body, Code: m.Code, CreatedAt: m.CreatedAt})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
}

// restLoginLine is the command that runs docs/rest-login.sh (the REST guide
// as a script) against the local Kratos, as the demo identity, with the code
// read from /dev/inbox/code: the banner prints it beside the page's URL.
func restLoginLine(r readyLine) string {
	inbox := strings.TrimSuffix(r.URL, "/") + "/dev/inbox/code?email=" + url.QueryEscape(r.Email)
	return "ORY_URL=" + shellQuote(r.KratosPublic) +
		" ORY_IDENTIFIER=" + shellQuote(r.Email) +
		" ORY_PASSWORD=" + shellQuote(r.Password) +
		` ORY_CODE_COMMAND='curl -fsS "` + inbox + `"'` +
		" docs/rest-login.sh"
}

// shellQuote quotes s for a POSIX shell: in single quotes, each ' as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
