package machine

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on what a person can type; longer input is refused before anything
// is sent.
const (
	MaxIdentifierLen = 512
	MaxPasswordLen   = 4096
	MaxCodeLen       = 64
	MaxReturnToLen   = 2048
)

// always allows a step from every state.
func always(*snapshot) bool { return true }

// withSession allows a step once Ory has shown that a session exists.
func withSession(s *snapshot) bool { return s.hasSession }

// offering allows a step while the current flow offers method, from the
// named steps (any step when none are named).
func offering(method Method, steps ...Step) guard {
	return func(s *snapshot) bool {
		return s.flow != nil && slices.Contains(s.state.Methods, method) &&
			(len(steps) == 0 || slices.Contains(steps, s.state.Step))
	}
}

// onFlowIn allows a step from the named steps only, and only while the
// machine holds the flow that the step posts to.
func onFlowIn(steps ...Step) guard {
	return func(s *snapshot) bool {
		for _, st := range steps {
			if s.state.Step == st {
				return s.flow != nil
			}
		}
		return false
	}
}

// StartLogin creates a login flow: AAL1 (the default) for the password, or
// AAL2 for the second factor of the current session.
func (m *Machine) StartLogin(ctx context.Context, r FlowRequest) (State, error) {
	if r.AAL != "" && r.AAL != AAL1 && r.AAL != AAL2 {
		return State{}, invalidArgument("aal must be aal1 or aal2")
	}
	if len(r.ReturnTo) > MaxReturnToLen {
		return State{}, invalidArgument("returnTo is too long")
	}
	return m.step(ctx, always, func(ctx context.Context, s *snapshot) error {
		a, err := m.ory.CreateFlow(ctx, r)
		if err != nil {
			return err
		}
		return m.apply(ctx, s, a, nil)
	})
}

// SubmitPassword sends the first factor on the current AAL1 flow, from the
// password step or straight from identifier-first's first screen (Kratos
// accepts both). An empty identifier means the one Ory already holds
// (State.Identifier: identifier-first's second screen, a refresh); with
// neither it is invalid_argument and nothing is sent.
func (m *Machine) SubmitPassword(ctx context.Context, identifier, password string) (State, error) {
	identifier = strings.TrimSpace(identifier)
	if len(identifier) > MaxIdentifierLen {
		return State{}, invalidArgument("identifier is too long")
	}
	if err := checkText("password", password, MaxPasswordLen); err != nil {
		return State{}, err
	}
	return m.step(ctx, onFlowIn(StepPassword, StepIdentifier), func(ctx context.Context, s *snapshot) error {
		id := identifier
		if id == "" {
			id = s.state.Identifier
		}
		if err := checkText("identifier", id, MaxIdentifierLen); err != nil {
			return err
		}
		return m.post(ctx, s, func() (Answer, error) { return m.ory.SubmitPassword(ctx, s.flow, id, password) })
	})
}

// StartStepUp creates an AAL2 flow for the current session.
func (m *Machine) StartStepUp(ctx context.Context) (State, error) {
	return m.step(ctx, withSession, func(ctx context.Context, s *snapshot) error {
		return m.newAAL2Flow(ctx, s, nil)
	})
}

// SendCode asks Ory to send a code. On an AAL2 flow address must be one
// of State.Addresses ("" means the first); from StepCodeSent it sends a
// new code, like ResendCode, possibly to another address. On an AAL1 flow
// that offers MethodCode (passwordless login) address is the identifier
// the login code goes to ("" means State.Identifier).
func (m *Machine) SendCode(ctx context.Context, address string) (State, error) {
	address = strings.TrimSpace(address)
	if len(address) > MaxIdentifierLen {
		return State{}, invalidArgument("address is too long")
	}
	allowed := offering(MethodCode, StepPassword, StepChooseMethod, StepCodeSent)
	return m.step(ctx, allowed, func(ctx context.Context, s *snapshot) error {
		chosen := address
		if levelOf(s.flow) == AAL1 {
			if chosen == "" {
				chosen = s.state.Identifier
			}
			if err := checkText("identifier", chosen, MaxIdentifierLen); err != nil {
				return err
			}
		} else {
			if chosen == "" && len(s.state.Addresses) > 0 {
				chosen = s.state.Addresses[0]
			}
			if !slices.Contains(s.state.Addresses, chosen) {
				return invalidArgument("address is not one that Ory offers")
			}
		}
		if s.state.Step == StepCodeSent {
			return m.resendCode(ctx, s, chosen)
		}
		return m.sendCode(ctx, s, chosen)
	})
}

// ResendCode asks for a new code to the address of the last one; the old
// code stops working.
func (m *Machine) ResendCode(ctx context.Context) (State, error) {
	return m.step(ctx, onFlowIn(StepCodeSent), func(ctx context.Context, s *snapshot) error {
		addr := s.address
		if addr == "" && len(s.state.Addresses) > 0 {
			addr = s.state.Addresses[0]
		}
		return m.resendCode(ctx, s, addr)
	})
}

// sendCode asks Ory for the first code to addr on the current AAL2 flow.
func (m *Machine) sendCode(ctx context.Context, s *snapshot, addr string) error {
	return m.codeRequest(ctx, s, addr, m.ory.SendCode)
}

// resendCode asks Ory for a new code to addr; the older one stops working.
func (m *Machine) resendCode(ctx context.Context, s *snapshot, addr string) error {
	return m.codeRequest(ctx, s, addr, m.ory.ResendCode)
}

// codeRequest posts a send or resend to addr on the current AAL2 flow (or
// starts a new flow when this one has expired) and remembers addr once a
// code is on its way.
func (m *Machine) codeRequest(ctx context.Context, s *snapshot, addr string,
	post func(context.Context, *Flow, string) (Answer, error)) error {
	if m.expired(s.flow) {
		return m.apply(ctx, s, Answer{Kind: AnswerFlowExpired}, nil)
	}
	if err := m.post(ctx, s, func() (Answer, error) { return post(ctx, s.flow, addr) }); err != nil {
		return err
	}
	if s.state.Step == StepCodeSent {
		s.address = addr
	}
	return nil
}

// SubmitCode sends the second factor.
func (m *Machine) SubmitCode(ctx context.Context, code string) (State, error) {
	code = strings.TrimSpace(code)
	if err := checkText("code", code, MaxCodeLen); err != nil {
		return State{}, err
	}
	return m.step(ctx, onFlowIn(StepCodeSent), func(ctx context.Context, s *snapshot) error {
		if m.expired(s.flow) {
			return m.apply(ctx, s, Answer{Kind: AnswerFlowExpired}, nil)
		}
		return m.post(ctx, s, func() (Answer, error) { return m.ory.SubmitCode(ctx, s.flow, code) })
	})
}

// WhoAmI asks Ory for the current session: nil when there is none. It fails
// with CodeAAL2Required when Ory wants the second factor first; StartStepUp
// is allowed after that.
func (m *Machine) WhoAmI(ctx context.Context) (*Session, State, error) {
	var sess *Session
	st, err := m.stepThat(ctx, always, false, func(ctx context.Context, s *snapshot) error {
		var err error
		sess, err = m.ory.WhoAmI(ctx)
		if CodeOf(err) == CodeAAL2Required {
			// Not a transition, knowledge: a session exists, so step-up
			// may proceed. The visible State stays as it was.
			s.sessionSeen = true
		}
		if err != nil {
			return err
		}
		setSession(s, sess)
		return nil
	})
	return sess, st, err
}

// Logout ends the session.
func (m *Machine) Logout(ctx context.Context) (State, error) {
	return m.step(ctx, withSession, func(ctx context.Context, s *snapshot) error {
		if err := m.ory.Logout(ctx); err != nil {
			return err
		}
		*s = snapshot{state: State{Step: StepSignedOut, FlowKind: s.state.FlowKind}}
		return nil
	})
}

// setSession records what whoami said: a session moves an idle, signed-out
// or password step to authenticated; no session ends an authenticated one.
func setSession(s *snapshot, sess *Session) {
	st := &s.state
	if sess == nil {
		st.Session, st.AAL = nil, ""
		s.hasSession = false
		if st.Step == StepAuthenticated {
			*s = snapshot{state: State{Step: StepSignedOut, FlowKind: st.FlowKind}}
		}
		return
	}
	st.Session, st.AAL = sess, sess.AAL
	s.hasSession = true
	switch st.Step {
	case StepIdle, StepSignedOut, StepPassword:
		st.Step = StepAuthenticated
		st.FlowID, st.RequestedAAL, st.Messages = "", "", nil
		st.Methods, st.Identifier = nil, ""
		s.flow = nil
	}
}

// post sends one request of the step and applies Ory's answer to s.
func (m *Machine) post(ctx context.Context, s *snapshot, request func() (Answer, error)) error {
	a, err := request()
	if err != nil {
		return err
	}
	return m.apply(ctx, s, a, nil)
}

// expired says whether f has passed its expiry by the machine's clock.
func (m *Machine) expired(f *Flow) bool {
	return f != nil && !f.ExpiresAt.IsZero() && !m.now().Before(f.ExpiresAt)
}

func checkText(name, v string, max int) error {
	switch {
	case v == "":
		return invalidArgument(name + " is empty")
	case len(v) > max:
		return invalidArgument(name + " is too long")
	case !utf8.ValidString(v):
		return invalidArgument(name + " is not valid UTF-8")
	}
	return nil
}

func invalidArgument(detail string) *Error { return NewError(CodeInvalidArgument, 0, detail) }
