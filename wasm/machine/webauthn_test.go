package machine

import (
	"context"
	"slices"
	"testing"
)

// fakeAuthenticator answers each ceremony with credential, or with err;
// it records the options it was asked to sign.
type fakeAuthenticator struct {
	credential string
	err        error
	asked      []string
}

func (a *fakeAuthenticator) Get(_ context.Context, options string, _ bool) (string, error) {
	a.asked = append(a.asked, options)
	return a.credential, a.err
}

// signs is an authenticator that always answers credential.
func signs(credential string) *fakeAuthenticator { return &fakeAuthenticator{credential: credential} }

func passkey(m *Machine) (State, error)     { return m.SignInWithPasskey(context.Background()) }
func securityKey(m *Machine) (State, error) { return m.SignInWithSecurityKey(context.Background()) }

// TestWebAuthn: a passkey signs the passkey challenge and posts the
// credential; a security key signs the aal2 trigger's options; a cancelled
// or refused ceremony sends nothing and changes nothing; without the
// platform's WebAuthn neither is offered nor callable.
func TestWebAuthn(t *testing.T) {
	aal1 := []scripted{{call: "CreateFlow aal1", answer: flowAAL1}, {call: "SubmitPassword f1 a@x pw", answer: done1}}
	aal1Ops := []op{{do: startLogin(""), step: StepPassword}, {do: password("a@x", "pw"), step: StepAuthenticated}}
	cancelled := &fakeAuthenticator{err: NewError(CodeWebAuthnCancelled, 0, "cancelled")}
	refused := &fakeAuthenticator{err: NewError(CodeWebAuthnRefused, 0, "refused")}
	cases := []struct {
		name   string
		authn  Authenticator
		script []scripted
		ops    []op
		asked  []string // the options the authenticator saw, nil = not checked
	}{
		{"a passkey signs the challenge and signs in", signs("cred"),
			[]scripted{{call: "CreateFlow aal1", answer: passwordless}, {call: "SubmitPasskey p1 cred", answer: done1}},
			[]op{{do: startLogin(""), step: StepPassword, methods: []Method{MethodPassword, MethodCode, MethodPasskey}},
				{do: securityKey, step: StepPassword, code: CodeInvalidTransition},
				{do: passkey, step: StepAuthenticated}}, []string{"{}"}},
		{"a cancelled passkey sends nothing and keeps the step", cancelled,
			[]scripted{{call: "CreateFlow aal1", answer: passwordless}},
			[]op{{do: startLogin(""), step: StepPassword}, {do: passkey, step: StepPassword, code: CodeWebAuthnCancelled}}, []string{"{}"}},
		{"a refused passkey sends nothing and keeps the step", refused,
			[]scripted{{call: "CreateFlow aal1", answer: passwordless}},
			[]op{{do: startLogin(""), step: StepPassword}, {do: passkey, step: StepPassword, code: CodeWebAuthnRefused}}, nil},
		{"without WebAuthn a passkey is neither offered nor callable", nil,
			[]scripted{{call: "CreateFlow aal1", answer: passwordless}},
			[]op{{do: startLogin(""), step: StepPassword, methods: []Method{MethodPassword, MethodCode}},
				{do: passkey, step: StepPassword, code: CodeInvalidTransition}}, nil},
		{"a security key signs the trigger's options as the second factor", signs("key"),
			append(append([]scripted{}, aal1...), scripted{call: "CreateFlow aal2", answer: factors},
				scripted{call: "SubmitWebAuthn t1 key", answer: done2}),
			append(append([]op{}, aal1Ops...), op{do: stepUp, step: StepChooseMethod},
				op{do: passkey, step: StepChooseMethod, code: CodeInvalidTransition},
				op{do: securityKey, step: StepAuthenticated}), []string{"{}"}},
		{"a cancelled security key keeps the choice", cancelled,
			append(append([]scripted{}, aal1...), scripted{call: "CreateFlow aal2", answer: factors}),
			append(append([]op{}, aal1Ops...), op{do: stepUp, step: StepChooseMethod},
				op{do: securityKey, step: StepChooseMethod, code: CodeWebAuthnCancelled}), nil},
		{"without WebAuthn a security key is neither offered nor callable", nil,
			append(append([]scripted{}, aal1...), scripted{call: "CreateFlow aal2", answer: factors}),
			append(append([]op{}, aal1Ops...), op{do: stepUp, step: StepChooseMethod, methods: []Method{MethodCode, MethodTOTP, MethodLookupSecret}},
				op{do: securityKey, step: StepChooseMethod, code: CodeInvalidTransition}), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fa, ok := c.authn.(*fakeAuthenticator); ok {
				fa.asked = nil
			}
			runScript(t, Options{Authenticator: c.authn}, c.script, c.ops)
			if fa, ok := c.authn.(*fakeAuthenticator); ok && c.asked != nil && !slices.Equal(fa.asked, c.asked) {
				t.Errorf("the authenticator was asked %q, want %q", fa.asked, c.asked)
			}
		})
	}
}

// waitingAuthenticator's autofill waits until pick sends a credential or
// ctx ends; it says on asked when a wait has begun.
type waitingAuthenticator struct {
	pick  chan string
	asked chan struct{}
}

func (a *waitingAuthenticator) Get(ctx context.Context, _ string, autofill bool) (string, error) {
	if !autofill {
		return "modal", nil
	}
	a.asked <- struct{}{}
	select {
	case c := <-a.pick:
		return c, nil
	case <-ctx.Done():
		return "", NewError(CodeWebAuthnCancelled, 0, "aborted")
	}
}

// TestPasskeyAutofill: the autofill waits without holding the machine;
// the passkey picked is posted on the flow it signed; a step that moves
// the login ends the wait (cancelled), whoami does not; a flow that
// changed meanwhile refuses the late credential.
func TestPasskeyAutofill(t *testing.T) {
	authn := &waitingAuthenticator{pick: make(chan string), asked: make(chan struct{}, 1)}
	ory := &fakeOry{t: t, kind: FlowBrowser, script: []scripted{
		{call: "CreateFlow aal1", answer: passwordless},
		{call: "WhoAmI"},
		{call: "CreateFlow aal1", answer: passwordless},
		{call: "SubmitPasskey p1 picked", answer: done1},
	}}
	m := New(Options{Ory: ory, Authenticator: authn})
	if _, err := m.AwaitPasskeyAutofill(ctx); CodeOf(err) != CodeInvalidTransition {
		t.Fatalf("autofill before a flow: %v", err)
	}
	if _, err := m.StartLogin(ctx, FlowRequest{}); err != nil {
		t.Fatal(err)
	}
	type result struct {
		a   Autofilled
		err error
	}
	await := func() chan result {
		ch := make(chan result, 1)
		go func() { a, err := m.AwaitPasskeyAutofill(ctx); ch <- result{a, err} }()
		<-authn.asked
		return ch
	}

	first := await()
	if _, _, err := m.WhoAmI(ctx); err != nil { // does not end the wait, and is not busy
		t.Fatal(err)
	}
	if _, err := m.StartLogin(ctx, FlowRequest{}); err != nil { // ends it
		t.Fatal(err)
	}
	if r := <-first; CodeOf(r.err) != CodeWebAuthnCancelled {
		t.Fatalf("the wait a step ended: %v", r.err)
	}

	second := await()
	authn.pick <- "picked"
	r := <-second
	if r.err != nil {
		t.Fatal(r.err)
	}
	st, err := m.SubmitPasskeyAutofill(ctx, r.a)
	if err != nil || st.Step != StepAuthenticated {
		t.Fatalf("autofilled passkey: %v %v", st.Step, err)
	}
	if _, err := m.SubmitPasskeyAutofill(ctx, r.a); CodeOf(err) != CodeInvalidTransition {
		t.Fatalf("a credential for a flow that is gone: %v", err)
	}
}
