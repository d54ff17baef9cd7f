package machine

import "context"

// Authenticator is the platform's WebAuthn, as the machine needs it: one
// navigator.credentials.get ceremony. The bridge implements it in the
// browser; there is none in Node.
type Authenticator interface {
	// Get signs Ory's request options (options: the JSON Ory puts in a
	// node, {"publicKey":{…}} with base64url fields) and returns the
	// credential JSON as Kratos reads it (passkey_login, webauthn_login).
	// A person who cancels, or an authenticator without a credential for
	// Ory, is an *Error with CodeWebAuthnCancelled; any other refusal
	// CodeWebAuthnRefused.
	Get(ctx context.Context, options string) (string, error)
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
		credential, err := m.authn.Get(ctx, opts)
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
