package machine

import (
	"context"
	"time"
)

// Authenticator is the platform's WebAuthn, as the machine needs it: one
// navigator.credentials.get ceremony. The bridge implements it in the
// browser; there is none in Node.
type Authenticator interface {
	// Get signs Ory's request options (options: the JSON Ory puts in a
	// node, {"publicKey":{…}} with base64url fields) and returns the
	// credential JSON as Kratos reads it (passkey_login, webauthn_login).
	// With autofill the browser offers the passkeys in the autofill of an
	// input marked autocomplete="username webauthn" and Get waits until the
	// person picks one (conditional mediation); ctx ending aborts it. A
	// person who cancels, an authenticator without a credential for Ory,
	// or an aborted wait is an *Error with CodeWebAuthnCancelled; any other
	// refusal (a browser without autofill for passkeys too)
	// CodeWebAuthnRefused.
	Get(ctx context.Context, options string, autofill bool) (string, error)
}

// autofillWait is a passkey autofill that waits for the person.
type autofillWait struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once the ceremony has ended
}

// autofillGrace bounds how long a step waits for an ended autofill's
// ceremony to settle before it asks the authenticator anew.
const autofillGrace = 5 * time.Second

// wait waits until w's ceremony has ended (bounded); nil waits for nothing.
func (w *autofillWait) wait() {
	if w == nil {
		return
	}
	t := time.NewTimer(autofillGrace)
	defer t.Stop()
	select {
	case <-w.done:
	case <-t.C:
	}
}

// endAutofillLocked ends the waiting autofill, if any, and returns it (to
// wait for outside the lock). m.mu is held.
func (m *Machine) endAutofillLocked() *autofillWait {
	w := m.autofill
	if w != nil {
		w.cancel()
		m.autofill = nil
	}
	return w
}

// Autofilled is a passkey the person picked from the browser's autofill,
// for SubmitPasskeyAutofill: the flow it signed and the credential (a
// secret: never printed).
type Autofilled struct {
	flowID     string
	credential string
}

// AwaitPasskeyAutofill lets the browser offer the person's passkeys in the
// autofill of the identifier field and waits until they pick one, without
// holding the machine: every other call goes on meanwhile, and each step
// that moves the login (all but WhoAmI) ends the wait, which then fails
// with CodeWebAuthnCancelled. A second AwaitPasskeyAutofill ends the
// first. Allowed where State.Methods has MethodPasskey; nothing is sent.
func (m *Machine) AwaitPasskeyAutofill(ctx context.Context) (Autofilled, error) {
	m.mu.Lock()
	if m.busy {
		m.mu.Unlock()
		return Autofilled{}, NewError(CodeBusy, 0, "another call is in flight")
	}
	if m.authn == nil || !offering(MethodPasskey)(&m.cur) {
		m.mu.Unlock()
		return Autofilled{}, NewError(CodeInvalidTransition, 0, "the current step does not allow this call")
	}
	opts, flowID := nodeValue(m.cur.flow, string(MethodPasskey), "passkey_challenge"), m.cur.flow.ID
	m.endAutofillLocked()
	ctx, cancel := context.WithCancel(ctx)
	w := &autofillWait{cancel: cancel, done: make(chan struct{})}
	m.autofill = w
	m.mu.Unlock()

	credential, err := "", error(NewError(CodeBadResponse, 0, "Ory's WebAuthn options are missing"))
	if opts != "" {
		credential, err = m.authn.Get(ctx, opts, true)
	}
	m.mu.Lock()
	if m.autofill == w {
		m.autofill = nil
	}
	m.mu.Unlock()
	close(w.done)
	ended := ctx.Err() != nil
	cancel()
	switch {
	case ended:
		return Autofilled{}, NewError(CodeWebAuthnCancelled, 0, "the passkey autofill ended: another call moved the login on")
	case err != nil:
		return Autofilled{}, err
	}
	return Autofilled{flowID: flowID, credential: credential}, nil
}

// SubmitPasskeyAutofill posts the passkey AwaitPasskeyAutofill returned,
// as SignInWithPasskey does; allowed while the flow it signed is current
// and offers the passkey.
func (m *Machine) SubmitPasskeyAutofill(ctx context.Context, a Autofilled) (State, error) {
	same := func(s *snapshot) bool { return offering(MethodPasskey)(s) && s.flow.ID == a.flowID }
	return m.step(ctx, same, func(ctx context.Context, s *snapshot) error {
		return m.post(ctx, s, func() (Answer, error) { return m.ory.SubmitPasskey(ctx, s.flow, a.credential) })
	})
}

// SignInWithPasskey signs Ory's passkey challenge with the platform's
// authenticator and posts the credential: the first factor without an
// identifier. A cancelled or refused ceremony sends nothing and leaves the
// State as it was.
func (m *Machine) SignInWithPasskey(ctx context.Context) (State, error) {
	return m.webauthnStep(ctx, MethodPasskey, "passkey_challenge", m.ory.SubmitPasskey)
}

// SignInWithSecurityKey signs the aal2 flow's WebAuthn challenge (the
// value of Ory's webauthn_login_trigger) and posts the credential: the
// security key as the second factor. A cancelled or refused ceremony sends
// nothing and leaves the State as it was.
func (m *Machine) SignInWithSecurityKey(ctx context.Context) (State, error) {
	return m.webauthnStep(ctx, MethodWebAuthn, "webauthn_login_trigger", m.ory.SubmitWebAuthn)
}

// webauthnStep runs one ceremony with the options in the node named
// options of method's group, on a flow that offers method. An expired aal2
// flow is replaced before the person is asked anything (as for the other
// second factors); an expired aal1 flow is Ory's to replace when the
// credential arrives (410 with use_flow_id, as for a password).
func (m *Machine) webauthnStep(ctx context.Context, method Method, options string,
	request func(context.Context, *Flow, string) (Answer, error)) (State, error) {
	return m.step(ctx, offering(method), func(ctx context.Context, s *snapshot) error {
		if m.authn == nil { // offering never lets this happen; kept for safety
			return NewError(CodeInvalidTransition, 0, "this platform has no WebAuthn")
		}
		if levelOf(s.flow) == AAL2 && m.expired(s.flow) {
			return m.apply(ctx, s, Answer{Kind: AnswerFlowExpired}, nil)
		}
		opts := nodeValue(s.flow, string(method), options)
		if opts == "" {
			return NewError(CodeBadResponse, 0, "Ory's WebAuthn options are missing")
		}
		credential, err := m.authn.Get(ctx, opts, false)
		if err != nil {
			return err
		}
		return m.post(ctx, s, func() (Answer, error) { return request(ctx, s.flow, credential) })
	})
}

// nodeValue is the string value of f's node name in group, "" if none.
func nodeValue(f *Flow, group, name string) string {
	for _, n := range f.Nodes {
		if n.Group == group && n.Name == name && n.Value != "" {
			return n.Value
		}
	}
	return ""
}
