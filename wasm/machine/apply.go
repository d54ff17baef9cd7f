package machine

import (
	"context"
	"slices"
)

// Messages of orylogin's own, for what Ory does not say itself. Their ids
// lie outside Ory's ranges (1xxxxxx info, 4xxxxxx error).
const (
	// MsgCodeFlowRestarted: the AAL2 flow or its code expired and a new AAL2
	// flow was started.
	MsgCodeFlowRestarted = 9010001
	// MsgCodeFlowRestartedCodeSent: the AAL2 flow or its code expired (or
	// its attempts were used up) and the new AAL2 flow already sent a new
	// code (Kratos v26 sends on creating the flow when the identity has one
	// code address); earlier codes do not work on it.
	MsgCodeFlowRestartedCodeSent = 9010002
)

// maxFollowUps bounds how many requests one step makes on its own after the
// first (a new flow after an expired one, the AAL2 flow after the password,
// a whoami), so that a misbehaving server cannot loop the machine.
const maxFollowUps = 3

// apply moves s according to Ory's answer a. Some answers need a follow-up
// request (the AAL2 flow after the password, the flow Ory names after an
// expiry); extra messages are shown before the resulting flow's own.
func (m *Machine) apply(ctx context.Context, s *snapshot, a Answer, extra []Message) error {
	for range maxFollowUps + 1 {
		next, err := m.applyOne(ctx, s, a, extra)
		if err != nil || next == nil {
			return err
		}
		a, extra = next.answer, next.extra
	}
	return NewError(CodeBadResponse, 0, "Ory kept redirecting the flow")
}

// followUp is the answer to a request that applyOne had to make.
type followUp struct {
	answer Answer
	extra  []Message
}

func (m *Machine) applyOne(ctx context.Context, s *snapshot, a Answer, extra []Message) (*followUp, error) {
	st := &s.state
	switch a.Kind {
	case AnswerFlow:
		if a.Flow == nil {
			return nil, badAnswer()
		}
		m.setFlow(s, a.Flow, extra)
		if a.Flow.OryState == OryStatePassedChallenge {
			return m.askSession(ctx)
		}
		return nil, nil

	case AnswerSession:
		if a.Session == nil {
			return nil, badAnswer()
		}
		s.flow, s.hasSession = nil, true
		st.Step, st.FlowID, st.RequestedAAL = StepAuthenticated, "", ""
		st.Methods, st.Identifier = nil, ""
		st.Session, st.AAL = a.Session, a.Session.AAL
		st.Messages = append([]Message(nil), extra...)
		return nil, nil

	case AnswerNeedAAL2:
		s.hasSession = true
		st.AAL, st.Session = AAL1, a.Session
		return m.createFlow(ctx, FlowRequest{AAL: AAL2}, extra)

	case AnswerFlowReplaced:
		if a.NewFlowID == "" {
			// Ory lost the flow: a new one of the same level.
			if s.flow != nil && s.flow.RequestedAAL == AAL2 {
				return m.restartAAL2(ctx, extra, false)
			}
			return m.createFlow(ctx, FlowRequest{AAL: AAL1}, extra)
		}
		na, err := m.ory.GetFlow(ctx, a.NewFlowID)
		if err != nil {
			return nil, err
		}
		return &followUp{answer: na, extra: extra}, nil

	case AnswerFlowExhausted:
		return m.restartAAL2(ctx, append(extra, a.Messages...), false)

	case AnswerFlowExpired:
		return m.restartAAL2(ctx, extra, true)

	case AnswerNoSession:
		s.hasSession = false
		st.Session, st.AAL = nil, ""
		return m.createFlow(ctx, FlowRequest{AAL: AAL1}, extra)

	case AnswerSessionExists:
		return m.askSession(ctx)
	}
	return nil, badAnswer()
}

// createFlow asks Ory for a new flow and returns its answer as a follow-up.
func (m *Machine) createFlow(ctx context.Context, r FlowRequest, extra []Message) (*followUp, error) {
	a, err := m.ory.CreateFlow(ctx, r)
	if err != nil {
		return nil, err
	}
	return &followUp{answer: a, extra: extra}, nil
}

// restartAAL2 replaces a dead AAL2 flow with a new one. When that flow
// already sent a code (Kratos v26), the messages say so, since the person
// did not ask for it and earlier codes stop working; otherwise, after an
// expiry, they say that a new code must be sent.
func (m *Machine) restartAAL2(ctx context.Context, extra []Message, expired bool) (*followUp, error) {
	f, err := m.createFlow(ctx, FlowRequest{AAL: AAL2}, extra)
	if err != nil {
		return nil, err
	}
	a := f.answer
	switch {
	case a.Kind == AnswerFlow && a.Flow != nil && a.Flow.OryState == OryStateSentEmail:
		f.extra = append(f.extra, Message{ID: MsgCodeFlowRestartedCodeSent, Type: "info",
			Text: "The code step was started again and a new code was sent. Earlier codes no longer work."})
	case expired:
		f.extra = append(f.extra, Message{ID: MsgCodeFlowRestarted, Type: "info",
			Text: "The code step expired, so a new one was started. Send a new code."})
	}
	return f, nil
}

// askSession asks whoami and turns a session into AnswerSession. When Ory
// wants a second factor first, the follow-up is an AAL2 flow.
func (m *Machine) askSession(ctx context.Context) (*followUp, error) {
	sess, err := m.ory.WhoAmI(ctx)
	switch {
	case CodeOf(err) == CodeAAL2Required:
		return &followUp{answer: Answer{Kind: AnswerNeedAAL2}}, nil
	case err != nil:
		return nil, err
	case sess == nil:
		return &followUp{answer: Answer{Kind: AnswerNoSession}}, nil
	}
	return &followUp{answer: Answer{Kind: AnswerSession, Session: sess}}, nil
}

// newAAL2Flow starts step-up from s.
func (m *Machine) newAAL2Flow(ctx context.Context, s *snapshot, extra []Message) error {
	f, err := m.createFlow(ctx, FlowRequest{AAL: AAL2}, extra)
	if err != nil {
		return err
	}
	return m.apply(ctx, s, f.answer, f.extra)
}

// setFlow makes f the current flow and derives the step, the methods, the
// addresses and the identifier from it.
func (m *Machine) setFlow(s *snapshot, f *Flow, extra []Message) {
	st := &s.state
	s.flow = f
	st.FlowID, st.RequestedAAL = f.ID, levelOf(f)
	st.Messages = append(append([]Message(nil), extra...), f.Messages...)
	st.Methods = offeredMethods(f, m.authn != nil)
	st.Identifier = heldIdentifier(f)
	if st.RequestedAAL == AAL1 {
		st.Addresses = nil
		switch {
		case asksIdentifier(f):
			st.Step = StepIdentifier
		case f.OryState == OryStateSentEmail:
			st.Step = StepCodeSent // a login code went to the identifier
			s.address = st.Identifier
		case slices.Contains(st.Methods, MethodPassword):
			st.Step = StepPassword
		default:
			st.Step = StepChooseMethod
		}
		return
	}
	s.hasSession = true
	if st.AAL == "" {
		st.AAL = AAL1
	}
	if f.OryState == OryStateSentEmail {
		// A sent_email flow names only the address the code went to (Kratos
		// v26 sends on creating the flow and shows no address buttons): add
		// it to the addresses already offered and remember it for resends.
		if to := sentTo(f); to != "" {
			if !slices.Contains(st.Addresses, to) {
				st.Addresses = append(st.Addresses, to)
			}
			s.address = to
		}
		st.Step = StepCodeSent
		if s.address == "" && len(st.Addresses) > 0 {
			s.address = st.Addresses[0]
		}
	} else {
		if addrs := addressButtons(f); len(addrs) > 0 {
			st.Addresses = addrs
		}
		st.Step = StepChooseMethod
		s.address = ""
	}
}

func badAnswer() *Error { return NewError(CodeBadResponse, 0, "Ory's answer does not fit the step") }
