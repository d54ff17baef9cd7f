package machine

import (
	"context"
	"strings"
)

// SubmitIdentifier sends the first screen of the identifier-first style:
// the identifier alone. Ory answers with the methods this identity has
// (most often the password form, with State.Identifier set).
func (m *Machine) SubmitIdentifier(ctx context.Context, identifier string) (State, error) {
	identifier = strings.TrimSpace(identifier)
	if err := checkText("identifier", identifier, MaxIdentifierLen); err != nil {
		return State{}, err
	}
	return m.step(ctx, onFlowIn(StepIdentifier), func(ctx context.Context, s *snapshot) error {
		return m.post(ctx, s, func() (Answer, error) { return m.ory.SubmitIdentifier(ctx, s.flow, identifier) })
	})
}

// SubmitTOTP sends an authenticator app's code. A wrong one leaves the
// step as it was, with Ory's message 4000008.
func (m *Machine) SubmitTOTP(ctx context.Context, code string) (State, error) {
	return m.submitSecondFactor(ctx, MethodTOTP, code, m.ory.SubmitTOTP)
}

// SubmitLookupSecret sends a backup code. A used one comes back with Ory's
// 4000012, an unknown one with 4000016, the step as it was.
func (m *Machine) SubmitLookupSecret(ctx context.Context, code string) (State, error) {
	return m.submitSecondFactor(ctx, MethodLookupSecret, code, m.ory.SubmitLookupSecret)
}

// submitSecondFactor posts code with the method's request on a flow that
// offers it; an expired flow is replaced as for the e-mail code.
func (m *Machine) submitSecondFactor(ctx context.Context, method Method, code string,
	request func(context.Context, *Flow, string) (Answer, error)) (State, error) {
	code = strings.Join(strings.Fields(code), "")
	if err := checkText("code", code, MaxCodeLen); err != nil {
		return State{}, err
	}
	return m.step(ctx, offering(method), func(ctx context.Context, s *snapshot) error {
		if m.expired(s.flow) {
			return m.apply(ctx, s, Answer{Kind: AnswerFlowExpired}, nil)
		}
		return m.post(ctx, s, func() (Answer, error) { return request(ctx, s.flow, code) })
	})
}
