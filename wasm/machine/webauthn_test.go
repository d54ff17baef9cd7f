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

func (a *fakeAuthenticator) Get(_ context.Context, options string) (string, error) {
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
