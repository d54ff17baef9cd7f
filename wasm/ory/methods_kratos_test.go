//go:build !js

package ory_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/internal/totp"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

// Kratos configurations for the methods beyond password + e-mail code.
var (
	kratosFactors = testkit.LazyKratos(kratoslocal.Options{Env: kratoslocal.Methods{TOTP: true, LookupSecret: true, SMS: true}.Env()})
	kratosCode    = testkit.LazyKratos(kratoslocal.Options{Env: kratoslocal.Methods{Passwordless: true}.Env()})
	kratosIDFirst = testkit.LazyKratos(kratoslocal.Options{Env: kratoslocal.Methods{IdentifierFirst: true}.Env()})
)

// factorPerson is an identity with an e-mail, a phone, a linked TOTP
// device and backup codes, made through Kratos's own admin and settings
// APIs.
type factorPerson struct {
	email, phone, password, secret string
	backup                         []string
}

func newFactorPerson(t *testing.T, srv *kratoslocal.Server) factorPerson {
	t.Helper()
	ctx := context.Background()
	n := time.Now().UnixNano()
	p := factorPerson{email: fmt.Sprintf("factors%d@example.com", n), phone: fmt.Sprintf("+49151%08d", n%1e8),
		password: fmt.Sprintf("canary-PW-%d", n)}
	if _, err := srv.CreateIdentityWithTraits(ctx, map[string]any{"email": p.email, "phone": p.phone}, p.password); err != nil {
		t.Fatal(err)
	}
	tok, err := srv.APILogin(ctx, p.email, p.password)
	if err != nil {
		t.Fatal(err)
	}
	if p.backup, err = srv.LinkBackupCodes(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if p.secret, err = srv.LinkTOTP(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if len(p.backup) < 4 {
		t.Fatalf("%d backup codes", len(p.backup))
	}
	return p
}

// newClient is one person's client on srv, built by the one constructor.
// When the test ends, none of secrets may stand in an exchange it logged
// (URL, request, Ory's answer, curl), masked as they are for the page.
func newClient(t *testing.T, srv *kratoslocal.Server, kind machine.FlowKind, secrets ...string) *machine.Machine {
	t.Helper()
	var mu sync.Mutex
	var logged []ory.PendingExchange
	m, err := login.New(login.Options{BaseURL: srv.PublicURL, Flow: kind, Transport: httptransport.New(),
		OnExchange: func(x ory.PendingExchange) { mu.Lock(); logged = append(logged, x); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range logged {
			x := p.Exchange()
			all := x.URL + x.RequestBody + x.ResponseBody + x.Curl + fmt.Sprint(x.RequestHeaders)
			for _, s := range secrets {
				if s != "" && strings.Contains(all, s) {
					t.Errorf("a secret stands in the exchange %s %s", x.Method, x.URL)
				}
			}
		}
	})
	return m
}

func at(t *testing.T, step machine.Step) func(machine.State, error) machine.State {
	return func(st machine.State, err error) machine.State {
		t.Helper()
		if err != nil {
			t.Fatalf("want step %s, got error %v", step, err)
		}
		if st.Step != step {
			t.Fatalf("step %s, want %s; messages %+v", st.Step, step, st.Messages)
		}
		return st
	}
}

func hasMessage(st machine.State, id int) bool {
	return slices.ContainsFunc(st.Messages, func(m machine.Message) bool { return m.ID == id })
}

// TestSecondFactorsOnKratos: an identity with code addresses by e-mail and
// SMS, an authenticator app and backup codes gets all of them offered at
// aal2, in both flow kinds; a wrong TOTP code, a used and an unknown backup
// code keep the step with Ory's message; each factor reaches aal2.
func TestSecondFactorsOnKratos(t *testing.T) {
	srv := kratosFactors.Server(t)
	p := newFactorPerson(t, srv)
	ctx := context.Background()
	for _, kind := range []machine.FlowKind{machine.FlowAPI, machine.FlowBrowser} {
		code, _ := totp.Code(p.secret, time.Now())
		secrets := append([]string{p.password, p.secret, code}, p.backup...)
		stepUp := func(t *testing.T) *machine.Machine {
			m := newClient(t, srv, kind, secrets...)
			at(t, machine.StepPassword)(m.StartLogin(ctx, machine.FlowRequest{}))
			at(t, machine.StepAuthenticated)(m.SubmitPassword(ctx, p.email, p.password))
			st := at(t, machine.StepChooseMethod)(m.StartStepUp(ctx))
			want := []machine.Method{machine.MethodCode, machine.MethodTOTP, machine.MethodLookupSecret}
			if !slices.Equal(st.Methods, want) || !slices.Contains(st.Addresses, p.phone) || !slices.Contains(st.Addresses, p.email) {
				t.Fatalf("aal2 offers %v to %v, want %v to the e-mail and the phone", st.Methods, st.Addresses, want)
			}
			return m
		}
		t.Run(string(kind)+"/totp", func(t *testing.T) {
			m := stepUp(t)
			st := at(t, machine.StepChooseMethod)(m.SubmitTOTP(ctx, "000000"))
			if !hasMessage(st, 4000008) {
				t.Fatalf("wrong TOTP code: messages %+v, want 4000008", st.Messages)
			}
			st = at(t, machine.StepAuthenticated)(m.SubmitTOTP(ctx, code))
			if st.AAL != machine.AAL2 || !slices.Contains(st.Session.Methods, "totp") {
				t.Fatalf("after TOTP: aal %s, methods %v", st.AAL, st.Session.Methods)
			}
		})
		t.Run(string(kind)+"/backup code", func(t *testing.T) {
			m := stepUp(t)
			st := at(t, machine.StepChooseMethod)(m.SubmitLookupSecret(ctx, "zzzzzzzz"))
			if !hasMessage(st, 4000016) {
				t.Fatalf("unknown backup code: messages %+v, want 4000016", st.Messages)
			}
			code := p.backup[0]
			if kind == machine.FlowBrowser {
				code = p.backup[1]
			}
			st = at(t, machine.StepAuthenticated)(m.SubmitLookupSecret(ctx, code))
			if st.AAL != machine.AAL2 || !slices.Contains(st.Session.Methods, "lookup_secret") {
				t.Fatalf("after a backup code: aal %s, methods %v", st.AAL, st.Session.Methods)
			}
			m = stepUp(t)
			st = at(t, machine.StepChooseMethod)(m.SubmitLookupSecret(ctx, code))
			if !hasMessage(st, 4000012) {
				t.Fatalf("used backup code: messages %+v, want 4000012", st.Messages)
			}
		})
		t.Run(string(kind)+"/sms", func(t *testing.T) {
			m := stepUp(t)
			// The sink stamps a text with this machine's clock when it
			// arrives, so no slack for Kratos's clock: an earlier subtest's
			// text to the same phone is older than before.
			before := time.Now()
			at(t, machine.StepCodeSent)(m.SendCode(ctx, p.phone))
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			code, err := srv.WaitCode(wctx, p.phone, before)
			if err != nil {
				t.Fatal(err)
			}
			// Kratos's courier delivered it over HTTP, on the channel "sms",
			// to kratoslocal's sink, where WaitCode and Mails read it.
			texts, err := srv.Mails(ctx, p.phone)
			if err != nil || len(texts) == 0 || texts[0].Type != "sms" || texts[0].Channel != "sms" || texts[0].Code != code {
				t.Fatalf("the code to the phone: %d texts %v, want the sink's text on channel sms with the code", len(texts), err)
			}
			st := at(t, machine.StepAuthenticated)(m.SubmitCode(ctx, code))
			if st.AAL != machine.AAL2 {
				t.Fatalf("after the SMS code: aal %s", st.AAL)
			}
		})
	}
}

// TestFirstFactorsOnKratos: identifier-first (the identifier alone, then
// the password without it; both at once still work), passwordless login
// by code, and refresh (the password alone re-authenticates the same
// session), in both flow kinds.
func TestFirstFactorsOnKratos(t *testing.T) {
	ctx := context.Background()
	person := func(t *testing.T, srv *kratoslocal.Server) (string, string) {
		n := time.Now().UnixNano()
		email, password := fmt.Sprintf("first%d@example.com", n), fmt.Sprintf("canary-PW-%d", n)
		if _, err := srv.CreateIdentity(ctx, email, password); err != nil {
			t.Fatal(err)
		}
		return email, password
	}
	for _, kind := range []machine.FlowKind{machine.FlowAPI, machine.FlowBrowser} {
		t.Run(string(kind)+"/identifier first", func(t *testing.T) {
			srv := kratosIDFirst.Server(t)
			email, password := person(t, srv)
			m := newClient(t, srv, kind)
			st := at(t, machine.StepIdentifier)(m.StartLogin(ctx, machine.FlowRequest{}))
			if len(st.Methods) != 0 || st.Identifier != "" {
				t.Fatalf("first screen: methods %v, identifier %q", st.Methods, st.Identifier)
			}
			st = at(t, machine.StepIdentifier)(m.SubmitIdentifier(ctx, "nobody-"+email))
			if !hasMessage(st, 4000037) {
				t.Fatalf("unknown identifier: messages %+v, want 4000037", st.Messages)
			}
			st = at(t, machine.StepPassword)(m.SubmitIdentifier(ctx, email))
			if st.Identifier != email || !slices.Equal(st.Methods, []machine.Method{machine.MethodPassword}) {
				t.Fatalf("second screen: identifier %q, methods %v", st.Identifier, st.Methods)
			}
			at(t, machine.StepAuthenticated)(m.SubmitPassword(ctx, "", password))

			m = newClient(t, srv, kind)
			at(t, machine.StepIdentifier)(m.StartLogin(ctx, machine.FlowRequest{}))
			at(t, machine.StepAuthenticated)(m.SubmitPassword(ctx, email, password))
		})
		t.Run(string(kind)+"/passwordless code", func(t *testing.T) {
			srv := kratosCode.Server(t)
			email, _ := person(t, srv)
			m := newClient(t, srv, kind)
			st := at(t, machine.StepPassword)(m.StartLogin(ctx, machine.FlowRequest{}))
			if !slices.Contains(st.Methods, machine.MethodCode) {
				t.Fatalf("passwordless flow offers %v", st.Methods)
			}
			before := time.Now().Add(-time.Second)
			st = at(t, machine.StepCodeSent)(m.SendCode(ctx, email))
			if st.Identifier != email || !hasMessage(st, 1010014) {
				t.Fatalf("after sending: identifier %q, messages %+v", st.Identifier, st.Messages)
			}
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			code, err := srv.WaitCode(wctx, email, before)
			if err != nil {
				t.Fatal(err)
			}
			st = at(t, machine.StepCodeSent)(m.SubmitCode(ctx, "000000"))
			if !hasMessage(st, 4010008) {
				t.Fatalf("wrong login code: messages %+v", st.Messages)
			}
			st = at(t, machine.StepAuthenticated)(m.SubmitCode(ctx, code))
			if st.AAL != machine.AAL1 || !slices.Contains(st.Session.Methods, "code") {
				t.Fatalf("after the login code: aal %s, methods %v", st.AAL, st.Session.Methods)
			}
		})
		t.Run(string(kind)+"/refresh", func(t *testing.T) {
			srv := kratosFactors.Server(t)
			email, password := person(t, srv)
			m := newClient(t, srv, kind)
			at(t, machine.StepPassword)(m.StartLogin(ctx, machine.FlowRequest{}))
			first := at(t, machine.StepAuthenticated)(m.SubmitPassword(ctx, email, password)).Session
			time.Sleep(1100 * time.Millisecond) // authenticated_at has whole seconds
			st := at(t, machine.StepPassword)(m.StartLogin(ctx, machine.FlowRequest{Refresh: true}))
			if st.Identifier != email {
				t.Fatalf("refresh flow: identifier %q, want %q", st.Identifier, email)
			}
			again := at(t, machine.StepAuthenticated)(m.SubmitPassword(ctx, "", password)).Session
			if again.ID != first.ID || !again.AuthenticatedAt.After(first.AuthenticatedAt) {
				t.Fatalf("refresh: session %s at %v, was %s at %v", again.ID, again.AuthenticatedAt, first.ID, first.AuthenticatedAt)
			}
		})
	}
}
