//go:build !js

package ory_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// TestLogoutNeedsOrysAnswer: a logout answered with something that is not
// Ory's (a 200 HTML page, a cut-off body) may not have ended the session,
// so it fails with bad_response and leaves the state — and, in the api
// flow, the token — as they were; the retry then really ends the session.
// (It used to count any 200 as done, and the api flow forgot its token
// first, so the retry "succeeded" without sending anything while the
// session lived on at Ory.)
func TestLogoutNeedsOrysAnswer(t *testing.T) {
	answers := map[string]func(*transport.Response) *transport.Response{
		"html": func(*transport.Response) *transport.Response {
			return &transport.Response{Status: 200, Header: map[string]string{"content-type": "text/html"}, Body: []byte("<html>maintenance</html>")}
		},
		"truncated": func(*transport.Response) *transport.Response {
			return &transport.Response{Status: 200, Body: []byte(`{"logout_url":"http://127.0.0.1:4433/self-serv`)}
		},
		"401 not Ory's": func(*transport.Response) *transport.Response {
			return &transport.Response{Status: 401, Body: []byte("<html>login required</html>")}
		},
	}
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		for name, answer := range answers {
			// The browser flow's logout makes two requests: break each.
			for skip := range map[machine.FlowKind]int{machine.FlowAPI: 1, machine.FlowBrowser: 2}[kind] {
				var ft *breakNth
				r := newRig(t, b.fresh(t), kind, func(c *login.Options) {
					ft = &breakNth{inner: c.Transport, fault: answer}
					c.Transport = ft
				})
				r.login()
				before := r.m.State()
				ft.at.Store(ft.sent.Load() + int64(skip) + 1)
				_, err := r.m.Logout(bg)
				r.fails(err, machine.CodeBadResponse)
				testkit.Unchanged(t, fmt.Sprintf("%s/%d: logout", name, skip), before, r.m.State())
				n := ft.sent.Load()
				r.at(machine.StepSignedOut)(r.m.Logout(bg))
				if ft.sent.Load() == n {
					t.Fatalf("%s/%d: the retried logout sent nothing", name, skip)
				}
				if sess, _, err := r.m.WhoAmI(bg); err != nil || sess != nil {
					t.Fatalf("%s/%d: whoami after logout: %+v %v", name, skip, sess, err)
				}
			}
		}
	})
}

// breakNth forwards every request but number at (counting from 1), which
// it answers with fault instead; the request never reaches Ory.
type breakNth struct {
	inner transport.Transport
	fault func(*transport.Response) *transport.Response
	at    atomic.Int64
	sent  atomic.Int64
}

func (f *breakNth) Do(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	if f.sent.Add(1) == f.at.Load() {
		return f.fault(nil), nil
	}
	return f.inner.Do(ctx, r)
}
