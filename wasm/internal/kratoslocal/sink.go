//go:build !js

package kratoslocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// sinkKeep caps how many texts a sink holds (the oldest go first), so that
// a long dev-server session does not grow without bound.
const sinkKeep = 1000

// The sink's paths: Kratos's courier posts SMS texts to smsPath (the HTTP
// channel "sms") and e-mails to emailPath (delivery_strategy http).
const (
	smsPath   = "/sms"
	emailPath = "/email"
)

// smsTemplate is the Jsonnet body of the courier's "sms" channel: the
// recipient and the text, as an SMS gateway would get them. ctx is Kratos's
// HTTP courier data model (recipient, body, template_type, …), the same in
// v1.3.1 and v26.2.0.
const smsTemplate = `function(ctx) { to: ctx.recipient, body: ctx.body }`

// emailTemplate is the Jsonnet body of the courier's e-mail delivery. The
// sink drops e-mails (they are read from the admin API, as Kratos keeps
// them there), so the body names the recipient alone: no code travels.
const emailTemplate = `function(ctx) { to: ctx.recipient }`

// sink is the local HTTP server Kratos's courier delivers to: it keeps the
// SMS texts (Server.Mails of a phone number reads them) and accepts and
// drops the e-mails, so that the courier finds every delivery answered
// and logs no error. It listens on a free loopback port from Start to Stop.
type sink struct {
	URL string // "http://127.0.0.1:PORT"

	srv *http.Server
	mu  sync.Mutex
	seq int
	got []Mail // the texts received, oldest first
}

// newSink starts a sink on a free loopback port.
func newSink() (*sink, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("kratoslocal: sink: %w", err)
	}
	k := &sink{URL: "http://" + l.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+smsPath, k.receiveSMS)
	mux.HandleFunc("POST "+emailPath, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		w.WriteHeader(http.StatusNoContent)
	})
	k.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go k.srv.Serve(l)
	return k, nil
}

// receiveSMS keeps one text the courier posted in smsTemplate's shape. A
// body that is not one answers 400, so that Kratos logs the mismatch.
func (k *sink) receiveSMS(w http.ResponseWriter, r *http.Request) {
	var text struct {
		To   string `json:"to"`
		Body string `json:"body"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&text); err != nil || text.To == "" {
		http.Error(w, "want a JSON body {to, body}", http.StatusBadRequest)
		return
	}
	k.mu.Lock()
	k.seq++
	k.got = append(k.got, Mail{
		ID: "sms-" + strconv.Itoa(k.seq), To: text.To, Body: text.Body, Code: codeIn(text.Body),
		Type: "sms", Channel: "sms", CreatedAt: time.Now(),
	})
	if len(k.got) > sinkKeep {
		k.got = slices.Delete(k.got, 0, len(k.got)-sinkKeep)
	}
	k.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// texts returns the texts the sink received for to, newest first.
func (k *sink) texts(to string) []Mail {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []Mail
	for i := len(k.got) - 1; i >= 0; i-- {
		if k.got[i].To == to {
			out = append(out, k.got[i])
		}
	}
	return out
}

// close stops the sink, waiting briefly for a delivery in progress.
func (k *sink) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := k.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("kratoslocal: sink: %w", err)
	}
	return nil
}
