package machine

import (
	"slices"
	"testing"
	"time"
)

// Kratos v26.2.0's answers, as the adapter hands them over: creating an AAL2
// flow for an identity with one code address sends the code at once (state
// sent_email, no address button; the adapter reads the address from the
// hidden identifier node), and so does every later AAL2 flow creation.
var (
	v26Sent  = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: sentNodes("a@x"), Messages: []Message{{ID: 1010014}}}}
	v26Sent3 = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f3", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: sentNodes("a@x"), Messages: []Message{{ID: 1010014}}}}
	resent   = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: sentNodes("a@x"), Messages: []Message{{ID: 1010014}}}}
	resent3  = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f3", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: sentNodes("a@x"), Messages: []Message{{ID: 1010014}}}}
	// wrongCodeV26: after a wrong code the hidden identifier is empty, so
	// the flow names no address.
	wrongCodeV26 = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Messages: []Message{{ID: 4010008, Type: "error"}}}}

	toV26SentScript = append(slices.Clone(toAAL1Script), scripted{call: "CreateFlow aal2", answer: v26Sent})
	toV26SentOps    = append(slices.Clone(toAAL1Ops),
		op{name: "step-up", do: stepUp, step: StepCodeSent, messages: []int{1010014}, addresses: []string{"a@x"}})
)

// sentNodes are a sent_email flow's code nodes: the hidden identifier holds
// the address the code went to.
func sentNodes(to string) []Node {
	return []Node{{Group: "code", Name: "identifier", Type: "hidden", Value: to},
		{Group: "code", Name: "code", Type: "text"}, {Group: "code", Name: "resend", Type: "submit", Value: "code"}}
}

func TestTransitionsKratosV26(t *testing.T) {
	cases := []struct {
		name   string
		script []scripted
		ops    []op
	}{
		{"step-up on an auto-sending Ory is code_sent with the address; the code logs in", cat(toV26SentScript, []scripted{
			{call: "SubmitCode f2 123456", answer: done2}}),
			cat(toV26SentOps, []op{{do: submitCode("123456"), step: StepAuthenticated}})},
		{"resendCode after an auto-send resends to the address Ory used", cat(toV26SentScript, []scripted{
			{call: "ResendCode f2 a@x", answer: resent}, {call: "SubmitCode f2 123456", answer: done2}}),
			cat(toV26SentOps, []op{{do: resend, step: StepCodeSent, messages: []int{1010014}, addresses: []string{"a@x"}},
				{do: submitCode("123456"), step: StepAuthenticated}})},
		{"sendCode after an auto-send is a resend, never the v1.3.1 send body", cat(toV26SentScript, []scripted{
			{call: "ResendCode f2 a@x", answer: resent}}),
			cat(toV26SentOps, []op{{do: sendCode(""), step: StepCodeSent, addresses: []string{"a@x"}}})},
		{"a wrong code keeps the address for the resend", cat(toV26SentScript, []scripted{
			{call: "SubmitCode f2 000000", answer: wrongCodeV26}, {call: "ResendCode f2 a@x", answer: resent}}),
			cat(toV26SentOps, []op{{do: submitCode("000000"), step: StepCodeSent, messages: []int{4010008}, addresses: []string{"a@x"}},
				{do: resend, step: StepCodeSent}})},
		{"expired aal2 flow: the new flow sent a new code and the messages say so", cat(toV26SentScript, []scripted{
			{call: "SubmitCode f2 111111", answer: flowExpired}, {call: "CreateFlow aal2", answer: v26Sent3},
			{call: "ResendCode f3 a@x", answer: resent3}, {call: "SubmitCode f3 123456", answer: done2}}),
			cat(toV26SentOps, []op{
				{do: submitCode("111111"), step: StepCodeSent, messages: []int{MsgCodeFlowRestartedCodeSent, 1010014}, addresses: []string{"a@x"}},
				{do: resend, step: StepCodeSent},
				{do: submitCode("123456"), step: StepAuthenticated}})},
		{"attempts used up: Ory's message, then the new flow's code", cat(toV26SentScript, []scripted{
			{call: "SubmitCode f2 111111", answer: tooOften}, {call: "CreateFlow aal2", answer: v26Sent3}}),
			cat(toV26SentOps, []op{{do: submitCode("111111"), step: StepCodeSent,
				messages: []int{4000001, MsgCodeFlowRestartedCodeSent, 1010014}}})},
		{"a lost aal2 flow (404) is replaced, and the new code is announced", cat(toV26SentScript, []scripted{
			{call: "ResendCode f2 a@x", answer: Answer{Kind: AnswerFlowReplaced}}, {call: "CreateFlow aal2", answer: v26Sent3}}),
			cat(toV26SentOps, []op{{do: resend, step: StepCodeSent, messages: []int{MsgCodeFlowRestartedCodeSent, 1010014}}})},
		{"highest_available: the password leads to code_sent", []scripted{
			{call: "CreateFlow aal1", answer: flowAAL1},
			{call: "SubmitPassword f1 a@x pw", answer: Answer{Kind: AnswerNeedAAL2}},
			{call: "CreateFlow aal2", answer: v26Sent}},
			[]op{{do: startLogin(""), step: StepPassword},
				{do: password("a@x", "pw"), step: StepCodeSent, addresses: []string{"a@x"}}}},
		{"two addresses (no auto-send): the sent flow keeps both, resend goes to the chosen one", cat(toAAL1Script, []scripted{
			{call: "CreateFlow aal2", answer: flowAAL2},
			{call: "SendCode f2 b@x", answer: Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: sentNodes("b@x")}}},
			{call: "ResendCode f2 b@x", answer: resent}, {call: "ResendCode f2 a@x", answer: resent}}),
			cat(toAAL1Ops, []op{{do: stepUp, step: StepChooseMethod},
				{do: sendCode("b@x"), step: StepCodeSent, addresses: []string{"a@x", "b@x"}},
				{do: resend, step: StepCodeSent},
				{do: sendCode("a@x"), step: StepCodeSent, addresses: []string{"a@x", "b@x"}}})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runScript(t, Options{}, c.script, c.ops) })
	}
}

// On v26 a send on a flow that expired by the machine's clock starts a new
// flow, which sends the code itself: nothing more is posted.
func TestLocallyExpiredAutoSentFlowKratosV26(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiring := Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail,
		Nodes: sentNodes("a@x"), ExpiresAt: now.Add(time.Minute)}}
	ory := &fakeOry{t: t, kind: FlowAPI, script: cat(toAAL1Script, []scripted{
		{call: "CreateFlow aal2", answer: expiring}, {call: "CreateFlow aal2", answer: v26Sent3}})}
	m := New(Options{Ory: ory, Now: func() time.Time { return now }})
	for _, o := range append(slices.Clone(toAAL1Ops), op{do: stepUp}) {
		if _, err := o.do(m); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(2 * time.Minute)
	st, err := m.SendCode(ctx, "")
	if err != nil || st.Step != StepCodeSent || st.FlowID != "f3" || st.Messages[0].ID != MsgCodeFlowRestartedCodeSent ||
		!slices.Equal(st.Addresses, []string{"a@x"}) {
		t.Fatalf("got %+v, %v", st, err)
	}
	if len(ory.script) != 0 {
		t.Fatalf("calls not made: %+v", ory.script)
	}
}
