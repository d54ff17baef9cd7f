//go:build !js

package ory_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// faulty forwards to a real Kratos, but while armed it answers the next
// request itself with fault instead (the request still reaches Kratos when
// pass is set, as when a proxy breaks an answer on its way back).
type faulty struct {
	inner transport.Transport
	armed atomic.Bool
	fault func(real *transport.Response) *transport.Response
	pass  bool
	sent  atomic.Int64
}

func (f *faulty) Do(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	f.sent.Add(1)
	if !f.armed.Swap(false) {
		return f.inner.Do(ctx, r)
	}
	var real *transport.Response
	if f.pass {
		var err error
		if real, err = f.inner.Do(ctx, r); err != nil {
			return nil, err
		}
	}
	return f.fault(real), nil
}

// faultCases are the broken answers every step must survive: a typed error,
// the State as it was, and the next try works. pass lets the request reach
// Kratos first (an answer broken on its way back).
var faultCases = []struct {
	name  string
	pass  bool
	code  machine.Code
	fault func(*transport.Response) *transport.Response
}{
	{"500", false, machine.CodeServer, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 500, Header: jsonHeader, Body: []byte(`{"error":{"code":500,"message":"boom"}}`)}
	}},
	{"502 html", false, machine.CodeServer, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 502, Body: []byte("<html>bad gateway</html>")}
	}},
	{"429", false, machine.CodeRateLimited, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 429, Header: map[string]string{"retry-after": "7"}}
	}},
	{"truncated", true, machine.CodeBadResponse, func(r *transport.Response) *transport.Response {
		return &transport.Response{Status: r.Status, Header: r.Header, Body: r.Body[:len(r.Body)/2]}
	}},
	{"not json", false, machine.CodeBadResponse, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 200, Body: []byte("hello")}
	}},
	{"oversized", false, machine.CodeBadResponse, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 200, Body: []byte(`{"id":"` + strings.Repeat("x", transport.MaxBodyBytes) + `"}`)}
	}},
	{"redirect", false, machine.CodeBadResponse, func(*transport.Response) *transport.Response {
		return &transport.Response{Status: 303, Header: map[string]string{"location": "/elsewhere"}}
	}},
}

// jsonHeader is a JSON answer's header.
var jsonHeader = map[string]string{"content-type": "application/json"}

func TestFaultsLeaveTheStateAndTheNextTryWorks(t *testing.T) {
	steps := []struct {
		name string
		do   func(r *rig) (machine.State, error)
	}{
		{"startLogin", func(r *rig) (machine.State, error) { return r.m.StartLogin(bg, machine.FlowRequest{}) }},
		{"submitPassword", func(r *rig) (machine.State, error) { return r.m.SubmitPassword(bg, r.email, r.password) }},
		{"startStepUp", func(r *rig) (machine.State, error) { return r.m.StartStepUp(bg) }},
	}
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		for _, f := range faultCases {
			t.Run(f.name, func(t *testing.T) {
				var ft *faulty
				r := newRig(t, b.fresh(t), kind, func(c *login.Options) {
					ft = &faulty{inner: c.Transport, fault: f.fault, pass: f.pass}
					c.Transport = ft
				})
				for _, s := range steps {
					before := r.m.State()
					ft.armed.Store(true)
					_, err := s.do(r)
					r.fails(err, f.code)
					if e := err.(*machine.Error); f.code == machine.CodeRateLimited && e.RetryAfter != 7 {
						t.Fatalf("Retry-After: %d", e.RetryAfter)
					}
					testkit.Unchanged(t, s.name+" under a fault", before, r.m.State())
					n := ft.sent.Load()
					if _, err := s.do(r); err != nil {
						t.Fatalf("%s after the fault: %v", s.name, err)
					}
					if ft.sent.Load() == n {
						t.Fatal("the retry sent nothing")
					}
				}
				r.noSecrets()
			})
		}
	})
}

func TestASecretIsNeverResentAutomatically(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504, 429} {
		var ft *faulty
		r := newRig(t, cfgAAL1.backends()[0](t), machine.FlowAPI, func(c *login.Options) {
			ft = &faulty{inner: c.Transport, fault: func(*transport.Response) *transport.Response {
				return &transport.Response{Status: status}
			}}
			c.Transport = ft
		})
		r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		n := ft.sent.Load()
		ft.armed.Store(true)
		if _, err := r.m.SubmitPassword(bg, r.email, r.password); err == nil {
			t.Fatalf("%d: no error", status)
		}
		if sent := ft.sent.Load() - n; sent != 1 {
			t.Fatalf("%d: the password went out %d times", status, sent)
		}
	}
}
