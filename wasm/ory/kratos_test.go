//go:build !js

package ory_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

var bg = context.Background()

// rig is one person's login against a real Kratos: the machine, the adapter,
// a cookie jar for the browser flow, and every exchange the adapter logged.
type rig struct {
	t        *testing.T
	b        backend
	m        *machine.Machine
	email    string
	password string

	mu        sync.Mutex
	exchanges []ory.Exchange
	errs      []string
}

type rigOption func(*login.Options)

func newRig(t *testing.T, b backend, kind machine.FlowKind, opts ...rigOption) *rig {
	t.Helper()
	r := &rig{t: t, b: b}
	r.email, r.password = newIdentity(t, b)
	lo := login.Options{BaseURL: b.base, Flow: kind, Transport: b.tr, OnExchange: func(p ory.PendingExchange) {
		x := p.Exchange()
		r.mu.Lock()
		r.exchanges = append(r.exchanges, x)
		r.mu.Unlock()
	}}
	for _, o := range opts {
		o(&lo)
	}
	m, err := login.New(lo)
	if err != nil {
		t.Fatal(err)
	}
	r.m = m
	return r
}

// at returns a check that fails the test unless a step's result is
// success at step: r.at(machine.StepPassword)(r.m.StartLogin(…)).
func (r *rig) at(step machine.Step) func(machine.State, error) machine.State {
	return func(st machine.State, err error) machine.State {
		r.t.Helper()
		if err != nil {
			r.t.Fatalf("want step %s, got error %v", step, err)
		}
		if st.Step != step {
			r.t.Fatalf("step %s, want %s; messages %+v", st.Step, step, st.Messages)
		}
		return st
	}
}

// fails checks that err has code, and records its text for the canary.
func (r *rig) fails(err error, code machine.Code) {
	r.t.Helper()
	if machine.CodeOf(err) != code {
		r.t.Fatalf("error %v, want code %s", err, code)
	}
	r.errs = append(r.errs, err.Error())
}

func (r *rig) login() machine.State {
	r.t.Helper()
	r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
	return r.at(machine.StepAuthenticated)(r.m.SubmitPassword(bg, r.email, r.password))
}

// toCode runs a step that starts an AAL2 flow (step-up, the password under
// highest_available, a recovery after an expiry) and returns the State it
// left and the code mailed for that flow. Kratos v1.3.1 answers
// choose_method and the code is sent here; v26 sent it on creating the
// flow, so the step is code_sent with the address already. Either way
// exactly one mail goes out: no step sends a code nobody asked for.
func (r *rig) toCode(step func() (machine.State, error)) (at machine.State, code string) {
	r.t.Helper()
	n := len(r.b.codes(r.t, r.email))
	at, err := step()
	if err != nil {
		r.t.Fatalf("want an aal2 flow, got error %v", err)
	}
	switch {
	case at.Step == machine.StepChooseMethod && hasID(at.Messages, 1010004):
		st := r.at(machine.StepCodeSent)(r.m.SendCode(bg, ""))
		if !hasID(st.Messages, 1010014) {
			r.t.Fatalf("code sent: %+v", st.Messages)
		}
	case at.Step == machine.StepCodeSent && hasID(at.Messages, 1010014):
	default:
		r.t.Fatalf("want an aal2 flow, got %+v", at)
	}
	if at.RequestedAAL != machine.AAL2 || !slices.Equal(at.Addresses, []string{r.email}) {
		r.t.Fatalf("aal2 flow: %+v", at)
	}
	code = codeAfter(r.t, r.b, r.email, n)
	if got := len(r.b.codes(r.t, r.email)); got != n+1 {
		r.t.Fatalf("%d mails for one code", got-n)
	}
	return at, code
}

// isAAL2 fails the test unless a step's result is an AAL2 flow, in either
// version's step (see toCode).
func (r *rig) isAAL2(st machine.State, err error) machine.State {
	r.t.Helper()
	if err != nil || (st.Step != machine.StepChooseMethod && st.Step != machine.StepCodeSent) || st.RequestedAAL != machine.AAL2 {
		r.t.Fatalf("want an aal2 flow, got %+v %v", st, err)
	}
	return st
}

func (r *rig) stepUp() (machine.State, error) { return r.m.StartStepUp(bg) }

func (r *rig) resend() string {
	r.t.Helper()
	n := len(r.b.codes(r.t, r.email))
	r.at(machine.StepCodeSent)(r.m.ResendCode(bg))
	return codeAfter(r.t, r.b, r.email, n)
}

// noSecrets fails when a password, code or token reached an exchange log,
// an error text or a URL.
func (r *rig) noSecrets(secrets ...string) {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var all []string
	for _, x := range r.exchanges {
		all = append(all, x.URL, x.RequestBody, x.ResponseBody, x.Curl)
		for k, v := range x.RequestHeaders {
			all = append(all, k+": "+v)
		}
	}
	all = append(all, r.errs...)
	for _, s := range append(secrets, r.password) {
		for _, a := range all {
			if s != "" && strings.Contains(a, s) {
				r.t.Fatalf("a secret reached the exchange log or an error: %.200q", a)
			}
		}
	}
	if len(r.exchanges) == 0 {
		r.t.Fatal("no exchange was logged")
	}
}

func ids(ms []machine.Message) []int {
	var out []int
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func hasID(ms []machine.Message, id int) bool { return slices.Contains(ids(ms), id) }

var kinds = []machine.FlowKind{machine.FlowAPI, machine.FlowBrowser}

// each runs f for both back ends of c and both flow kinds.
func each(t *testing.T, c config, f func(t *testing.T, b backend, kind machine.FlowKind)) {
	for _, newBackend := range c.backends() {
		for _, k := range kinds {
			b := newBackend(t)
			t.Run(b.name+"/"+string(k), func(t *testing.T) { f(t, b, k) })
		}
	}
}

// eachBackend runs f for both back ends of c.
func eachBackend(t *testing.T, c config, f func(t *testing.T, b backend)) {
	for _, newBackend := range c.backends() {
		b := newBackend(t)
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

func TestHappyPathToAAL2(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		st := r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		if st.RequestedAAL != machine.AAL1 || st.FlowID == "" || st.FlowKind != kind {
			t.Fatalf("aal1 flow: %+v", st)
		}
		st = r.at(machine.StepAuthenticated)(r.m.SubmitPassword(bg, r.email, r.password))
		if st.AAL != machine.AAL1 || st.Session == nil || st.Session.Identity == nil || st.Session.Identity.Traits["email"] != r.email {
			t.Fatalf("aal1 session: %+v", st.Session)
		}
		_, code := r.toCode(r.stepUp)
		st = r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, code))
		if st.AAL != machine.AAL2 || !slices.Equal(st.Session.Methods, []string{"password", "code"}) {
			t.Fatalf("aal2 session: %+v", st.Session)
		}
		sess, _, err := r.m.WhoAmI(bg)
		if err != nil || sess == nil || sess.AAL != machine.AAL2 || sess.ID != st.Session.ID {
			t.Fatalf("whoami: %+v %v", sess, err)
		}
		r.at(machine.StepSignedOut)(r.m.Logout(bg))
		sess, st, err = r.m.WhoAmI(bg)
		if err != nil || sess != nil || st.Step != machine.StepSignedOut {
			t.Fatalf("whoami after logout: %+v %v", sess, err)
		}
		r.noSecrets(code)
	})
}

func TestWrongPasswordAndUnknownIdentifier(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		st := r.at(machine.StepPassword)(r.m.SubmitPassword(bg, r.email, "wrong-"+r.password))
		if !hasID(st.Messages, 4000006) {
			t.Fatalf("wrong password: %+v", st.Messages)
		}
		st = r.at(machine.StepPassword)(r.m.SubmitPassword(bg, "nobody@example.com", r.password))
		if !hasID(st.Messages, 4000006) {
			t.Fatalf("unknown identifier: %+v", st.Messages)
		}
		r.at(machine.StepAuthenticated)(r.m.SubmitPassword(bg, r.email, r.password))
		r.noSecrets()
	})
}

func TestWrongCodeAndResend(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		r.login()
		_, first := r.toCode(r.stepUp)
		st := r.at(machine.StepCodeSent)(r.m.SubmitCode(bg, wrong(first)))
		if !hasID(st.Messages, 4010008) {
			t.Fatalf("wrong code: %+v", st.Messages)
		}
		second := r.resend()
		if second == first {
			t.Fatal("resend mailed the same code")
		}
		st = r.at(machine.StepCodeSent)(r.m.SubmitCode(bg, first))
		if !hasID(st.Messages, 4010008) {
			t.Fatalf("old code after resend: %+v", st.Messages)
		}
		r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, second))
		r.noSecrets(first, second)
	})
}

// wrong returns a code that differs from c.
func wrong(c string) string {
	if c == "000000" {
		return "111111"
	}
	return "000000"
}

func TestFiveAttemptsThenNewFlow(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		r.login()
		st, code := r.toCode(r.stepUp)
		dead := st.FlowID
		for i := 0; i < 5; i++ {
			st = r.at(machine.StepCodeSent)(r.m.SubmitCode(bg, wrong(code)))
		}
		st, code = r.toCode(func() (machine.State, error) { return r.m.SubmitCode(bg, code) })
		if st.FlowID == dead || !hasID(st.Messages, 4000001) || !strings.Contains(st.Messages[0].Text, "too often") {
			t.Fatalf("after five attempts: %+v", st)
		}
		r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, code))
	})
}

func TestExpiredAAL1FlowContinuesOnOrysNewFlow(t *testing.T) {
	t.Parallel()
	each(t, cfgShort, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		st := r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		old := st.FlowID
		r.b.expire(shortLifespan + 500*time.Millisecond)
		st = r.at(machine.StepPassword)(r.m.SubmitPassword(bg, r.email, r.password))
		if st.FlowID == old || !hasID(st.Messages, 4010001) {
			t.Fatalf("after expiry: %+v", st)
		}
		posts := 0
		for _, x := range r.exchanges {
			if x.Method == "POST" {
				posts++
			}
		}
		if posts != 1 {
			t.Fatalf("the password went out %d times", posts)
		}
		r.at(machine.StepAuthenticated)(r.m.SubmitPassword(bg, r.email, r.password))
	})
}

func TestExpiredAAL2FlowStartsANewOne(t *testing.T) {
	t.Parallel()
	each(t, cfgShort2, func(t *testing.T, b backend, kind machine.FlowKind) {
		// Its own Kratos: one client per SQLite-backed server (concurrent
		// clients on one made Kratos wait on its database lock for seconds).
		// A frozen clock keeps the machine from seeing the expiry itself,
		// so the code goes out and Kratos's own answer is what is tested.
		frozen := func(o *login.Options) { t0 := time.Now(); o.Now = func() time.Time { return t0 } }
		r := newRig(t, b, kind, frozen)
		r.login()
		st, code := r.toCode(r.stepUp)
		old := st.FlowID
		r.b.expire(shortLifespan + 500*time.Millisecond)
		st, code = r.toCode(func() (machine.State, error) { return r.m.SubmitCode(bg, code) })
		// The new flow mailed its code itself (v26) or waits for a send.
		want := map[machine.Step]int{machine.StepCodeSent: machine.MsgCodeFlowRestartedCodeSent,
			machine.StepChooseMethod: machine.MsgCodeFlowRestarted}[st.Step]
		if st.FlowID == old || st.Messages[0].ID != want {
			t.Fatalf("after expiry: %+v", st)
		}
		r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, code))
	})
}

func TestHighestAvailableDemandsTheSecondFactor(t *testing.T) {
	each(t, cfgHighest, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		st, code := r.toCode(func() (machine.State, error) { return r.m.SubmitPassword(bg, r.email, r.password) })
		if st.AAL != machine.AAL1 {
			t.Fatalf("after password: %+v", st)
		}
		_, _, err := r.m.WhoAmI(bg)
		r.fails(err, machine.CodeAAL2Required)
		r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, code))
		sess, _, err := r.m.WhoAmI(bg)
		if err != nil || sess.AAL != machine.AAL2 || sess.Identity == nil {
			t.Fatalf("whoami after step-up: %+v %v", sess, err)
		}
		r.noSecrets(code)
	})
}

func TestWhoAmIAAL2RequiredThenStepUp(t *testing.T) {
	// A second machine on the same cookie jar: a page reloaded after the
	// password. It learns of the session from whoami's 403 and steps up.
	eachBackend(t, cfgHighest, func(t *testing.T, b backend) {
		r := newRig(t, b, machine.FlowBrowser)
		r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		r.isAAL2(r.m.SubmitPassword(bg, r.email, r.password))
		reloaded, err := login.New(login.Options{BaseURL: b.base, Flow: machine.FlowBrowser, Transport: b.tr})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reloaded.StartStepUp(bg); machine.CodeOf(err) != machine.CodeInvalidTransition {
			t.Fatalf("step-up before whoami: %v", err)
		}
		_, st, err := reloaded.WhoAmI(bg)
		r.fails(err, machine.CodeAAL2Required)
		if st.Step != "" && st.Step != machine.StepIdle {
			t.Fatalf("state changed: %+v", st)
		}
		r.isAAL2(reloaded.StartStepUp(bg))
	})
}

func TestAAL2FlowWithoutSessionGoesBackToPassword(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		st := r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{AAL: machine.AAL2}))
		if st.RequestedAAL != machine.AAL1 {
			t.Fatalf("%+v", st)
		}
	})
}

func TestLoginWhileLoggedInShowsTheSession(t *testing.T) {
	each(t, cfgAAL1, func(t *testing.T, b backend, kind machine.FlowKind) {
		r := newRig(t, b, kind)
		r.login()
		_, code := r.toCode(r.stepUp)
		r.at(machine.StepAuthenticated)(r.m.SubmitCode(bg, code))
		st := r.at(machine.StepAuthenticated)(r.m.StartStepUp(bg))
		if st.AAL != machine.AAL2 {
			t.Fatalf("%+v", st)
		}
	})
}

func TestAPIFlowFromABrowserIsRefused(t *testing.T) {
	eachBackend(t, cfgAAL1, func(t *testing.T, b backend) {
		// Every request carries Origin, as a browser's do.
		r := newRig(t, b, machine.FlowAPI, func(c *login.Options) {
			inner := c.Transport
			c.Transport = transport.Func(func(ctx context.Context, req *transport.Request) (*transport.Response, error) {
				req.Header["Origin"] = "http://127.0.0.1:8080"
				return inner.Do(ctx, req)
			})
		})
		r.at(machine.StepPassword)(r.m.StartLogin(bg, machine.FlowRequest{}))
		before := r.m.State()
		_, err := r.m.SubmitPassword(bg, r.email, r.password)
		r.fails(err, machine.CodeAPIFlowInBrowser)
		if e := err.(*machine.Error); e.Status != 400 || len(e.Messages) != 1 || e.Messages[0].ID != 4000001 {
			t.Fatalf("error %+v", e)
		}
		testkit.Unchanged(t, "the refused password", before, r.m.State())
		if st := r.m.State(); len(st.Messages) != 0 {
			t.Fatalf("the refusal reached the form: %+v", st)
		}
		r.noSecrets()
	})
}

func TestExchangesAreMaskedAndReplayableAsCurl(t *testing.T) {
	r := newRig(t, cfgAAL1.backends()[0](t), machine.FlowAPI)
	r.login()
	r.isAAL2(r.m.StartStepUp(bg))
	var last ory.Exchange
	for _, x := range r.exchanges {
		if x.Method == "POST" && strings.Contains(x.RequestBody, `"password"`) {
			last = x
		}
	}
	if !strings.Contains(last.RequestBody, `"password":"***"`) || !strings.Contains(last.ResponseBody, `"session_token":"***"`) {
		t.Fatalf("password exchange not masked: %s / %.300s", last.RequestBody, last.ResponseBody)
	}
	if !strings.HasPrefix(last.Curl, "curl -X POST '"+r.b.base+"/self-service/login?flow=") || last.Status != 200 {
		t.Fatalf("curl: %s", last.Curl)
	}
	stepUp := r.exchanges[len(r.exchanges)-1]
	if stepUp.RequestHeaders["Authorization"] != "Bearer ***" {
		t.Fatalf("step-up headers: %+v", stepUp.RequestHeaders)
	}
	r.noSecrets()
}

func TestNoAnswer(t *testing.T) {
	// A port that refuses, and a listener that never answers.
	for _, c := range []struct {
		name string
		tr   transport.Transport
		code machine.Code
	}{
		{"refused", httptransport.New(), machine.CodeNetwork},
		{"silent", transport.Func(func(ctx context.Context, _ *transport.Request) (*transport.Response, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}), machine.CodeTimeout},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := login.New(login.Options{BaseURL: "http://127.0.0.1:1", Flow: machine.FlowAPI, Transport: c.tr, Timeout: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			before := m.State()
			if _, err := m.StartLogin(bg, machine.FlowRequest{}); machine.CodeOf(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
			testkit.Unchanged(t, "StartLogin", before, m.State())
		})
	}
}
