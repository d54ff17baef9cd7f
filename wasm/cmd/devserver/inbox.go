//go:build !js

package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"net/mail"
	"sort"
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

// inboxHandler answers GET /dev/inbox?email=ADDRESS with the newest mails to
// that address, newest first, as read from Kratos's admin API. It exists
// only in the dev server: a deployed page has no inbox.
func inboxHandler(src mailSource) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		email := r.URL.Query().Get("email")
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			http.Error(w, "email: want one plain address", http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		mails, err := src.Mails(ctx, email)
		if err != nil {
			log.Printf("devserver: inbox: %v", err)
			http.Error(w, "could not read the mails from Kratos", http.StatusBadGateway)
			return
		}
		sort.SliceStable(mails, func(i, j int) bool { return mails[i].CreatedAt.After(mails[j].CreatedAt) })
		out := make([]inboxMail, 0, min(len(mails), inboxLimit))
		for _, m := range mails[:min(len(mails), inboxLimit)] {
			out = append(out, inboxMail{ID: m.ID, To: m.To, Subject: m.Subject, Body: m.Body, Code: m.Code, CreatedAt: m.CreatedAt})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
}
