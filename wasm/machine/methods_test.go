package machine

import (
	"context"
	"testing"
)

// Flows of the other methods, shaped as Kratos's nodes are (recorded on
// v1.3.1 and v26.2.0: identifier-first, passwordless code, refresh, TOTP
// and backup codes beside the code, passkeys, security keys).
var (
	idFirst = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "i1", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: []Node{
		{Group: "identifier_first", Name: "identifier", Type: "text"},
		{Group: "identifier_first", Name: "method", Type: "submit", Value: "identifier_first"}}}}
	idFirstUnknown = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "i1", RequestedAAL: AAL1, OryState: OryStateChooseMethod,
		Nodes: idFirst.Flow.Nodes, Messages: []Message{{ID: 4000037, Type: "error", Field: "identifier"}}}}
	idFirstPassword = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "i1", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: []Node{
		{Group: "identifier_first", Name: "identifier", Type: "hidden", Value: "a@x"},
		{Group: "password", Name: "password", Type: "password"},
		{Group: "password", Name: "method", Type: "submit", Value: "password"}}}}
	refreshFlow = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "r1", RequestedAAL: AAL1, OryState: OryStateChooseMethod,
		Messages: []Message{{ID: 1010003}}, Nodes: []Node{
			{Group: "default", Name: "identifier", Type: "hidden", Value: "a@x"},
			{Group: "password", Name: "password", Type: "password"}}}}
	passwordless = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "p1", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: []Node{
		{Group: "default", Name: "identifier", Type: "text"},
		{Group: "code", Name: "method", Type: "submit", Value: "code"},
		{Group: "password", Name: "password", Type: "password"},
		{Group: "passkey", Name: "passkey_challenge", Type: "hidden", Value: "{}"}}}}
	codeOnly = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "p2", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: []Node{
		{Group: "default", Name: "identifier", Type: "text"},
		{Group: "code", Name: "method", Type: "submit", Value: "code"}}}}
	passwordlessSent = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "p1", RequestedAAL: AAL1, OryState: OryStateSentEmail,
		Messages: []Message{{ID: 1010014}}, Nodes: []Node{
			{Group: "default", Name: "identifier", Type: "hidden", Value: "a@x"},
			{Group: "code", Name: "code", Type: "text"}}}}
	factors = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "t1", RequestedAAL: AAL2, OryState: OryStateChooseMethod,
		Messages: []Message{{ID: 1010004}}, Nodes: []Node{
			{Group: "code", Name: "address", Type: "submit", Value: "a@x"},
			{Group: "code", Name: "address", Type: "submit", Value: "+4915112345678"},
			{Group: "totp", Name: "totp_code", Type: "text"},
			{Group: "lookup_secret", Name: "lookup_secret", Type: "text"},
			{Group: "webauthn", Name: "webauthn_login_trigger", Type: "button", Value: "{}"}}}}
	wrongTOTP = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "t1", RequestedAAL: AAL2, OryState: OryStateChooseMethod,
		Nodes: factors.Flow.Nodes, Messages: []Message{{ID: 4000008, Type: "error", Field: "totp_code"}}}}
	usedBackup = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "t1", RequestedAAL: AAL2, OryState: OryStateChooseMethod,
		Nodes: factors.Flow.Nodes, Messages: []Message{{ID: 4000012, Type: "error", Field: "lookup_secret"}}}}
)

func submitIdentifier(id string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SubmitIdentifier(context.Background(), id) }
}
func totp(c string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SubmitTOTP(context.Background(), c) }
}
func backup(c string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SubmitLookupSecret(context.Background(), c) }
}
func refresh(m *Machine) (State, error) {
	return m.StartLogin(context.Background(), FlowRequest{Refresh: true})
}

func TestMethods(t *testing.T) {
	aal1 := []scripted{{call: "CreateFlow aal1", answer: flowAAL1}, {call: "SubmitPassword f1 a@x pw", answer: done1}}
	aal1Ops := []op{{do: startLogin(""), step: StepPassword, methods: []Method{MethodPassword}},
		{do: password("a@x", "pw"), step: StepAuthenticated, methods: []Method{}}}
	cases := []struct {
		name     string
		webauthn bool
		script   []scripted
		ops      []op
	}{
		{"identifier first: the identifier, then the password without it", false, []scripted{
			{call: "CreateFlow aal1", answer: idFirst},
			{call: "SubmitIdentifier i1 a@x", answer: idFirstPassword},
			{call: "SubmitPassword i1 a@x pw", answer: done1}},
			[]op{{do: startLogin(""), step: StepIdentifier, methods: []Method{}},
				{do: password("", "pw"), step: StepIdentifier, code: CodeInvalidArgument},
				{do: submitIdentifier(" a@x "), step: StepPassword, methods: []Method{MethodPassword}, identifier: "a@x"},
				{do: submitIdentifier("a@x"), step: StepPassword, code: CodeInvalidTransition},
				{do: password("", "pw"), step: StepAuthenticated}}},
		{"identifier first: an unknown identifier stays on the first screen with Ory's message", false, []scripted{
			{call: "CreateFlow aal1", answer: idFirst}, {call: "SubmitIdentifier i1 nobody@x", answer: idFirstUnknown}},
			[]op{{do: startLogin(""), step: StepIdentifier},
				{do: submitIdentifier("nobody@x"), step: StepIdentifier, messages: []int{4000037}}}},
		{"identifier first: both at once, as in the unified style", false, []scripted{
			{call: "CreateFlow aal1", answer: idFirst}, {call: "SubmitPassword i1 a@x pw", answer: done1}},
			[]op{{do: startLogin(""), step: StepIdentifier}, {do: password("a@x", "pw"), step: StepAuthenticated}}},
		{"refresh: the password alone re-authenticates the identifier Ory holds", false, append(append([]scripted{}, aal1...),
			scripted{call: "CreateFlow aal1 refresh", answer: refreshFlow}, scripted{call: "SubmitPassword r1 a@x pw2", answer: done1}),
			append(append([]op{}, aal1Ops...),
				op{do: refresh, step: StepPassword, identifier: "a@x", messages: []int{1010003}},
				op{do: password("", "pw2"), step: StepAuthenticated})},
		{"passwordless: a login code to the identifier, then the code", false, []scripted{
			{call: "CreateFlow aal1", answer: passwordless},
			{call: "SendCode p1 a@x", answer: passwordlessSent},
			{call: "ResendCode p1 a@x", answer: passwordlessSent},
			{call: "SubmitCode p1 123456", answer: done1}},
			[]op{{do: startLogin(""), step: StepPassword, methods: []Method{MethodPassword, MethodCode}},
				{do: sendCode(""), step: StepPassword, code: CodeInvalidArgument},
				{do: sendCode("a@x"), step: StepCodeSent, identifier: "a@x", methods: []Method{MethodCode}},
				{do: resend, step: StepCodeSent},
				{do: submitCode("123456"), step: StepAuthenticated}}},
		{"a code-only first factor is a choice, not a password step", false, []scripted{{call: "CreateFlow aal1", answer: codeOnly}},
			[]op{{do: startLogin(""), step: StepChooseMethod, methods: []Method{MethodCode}},
				{do: password("a@x", "pw"), step: StepChooseMethod, code: CodeInvalidTransition}}},
		{"passkeys are offered where the platform has WebAuthn", true, []scripted{{call: "CreateFlow aal1", answer: passwordless}},
			[]op{{do: startLogin(""), step: StepPassword, methods: []Method{MethodPassword, MethodCode, MethodPasskey}}}},
		{"second factors: TOTP, backup code, code by e-mail or SMS; wrong ones keep the step", false, append(append([]scripted{}, aal1...),
			scripted{call: "CreateFlow aal2", answer: factors},
			scripted{call: "SubmitTOTP t1 000000", answer: wrongTOTP},
			scripted{call: "SubmitLookupSecret t1 abcd1234", answer: usedBackup},
			scripted{call: "SubmitTOTP t1 123456", answer: done2}),
			append(append([]op{}, aal1Ops...),
				op{do: stepUp, step: StepChooseMethod, methods: []Method{MethodCode, MethodTOTP, MethodLookupSecret}},
				op{do: totp("000 000"), step: StepChooseMethod, messages: []int{4000008}},
				op{do: backup(" abcd1234 "), step: StepChooseMethod, messages: []int{4000012}},
				op{do: sendCode("+4915199999999"), step: StepChooseMethod, code: CodeInvalidArgument},
				op{do: totp(""), step: StepChooseMethod, code: CodeInvalidArgument},
				op{do: totp("123456"), step: StepAuthenticated})},
		{"SMS: the phone among the addresses gets the code", false, append(append([]scripted{}, aal1...),
			scripted{call: "CreateFlow aal2", answer: factors},
			scripted{call: "SendCode t1 +4915112345678", answer: codeSent}),
			append(append([]op{}, aal1Ops...),
				op{do: stepUp, step: StepChooseMethod},
				op{do: sendCode("+4915112345678"), step: StepCodeSent})},
		{"security keys are offered where the platform has WebAuthn", true, append(append([]scripted{}, aal1...),
			scripted{call: "CreateFlow aal2", answer: factors}),
			append(append([]op{}, aal1Ops...),
				op{do: stepUp, step: StepChooseMethod, methods: []Method{MethodCode, MethodTOTP, MethodLookupSecret, MethodWebAuthn}})},
		{"a method the flow does not offer sends nothing", false, append(append([]scripted{}, aal1...),
			scripted{call: "CreateFlow aal2", answer: flowAAL2}),
			append(append([]op{}, aal1Ops...),
				op{do: totp("123456"), step: StepAuthenticated, code: CodeInvalidTransition},
				op{do: stepUp, step: StepChooseMethod, methods: []Method{MethodCode}},
				op{do: totp("123456"), step: StepChooseMethod, code: CodeInvalidTransition},
				op{do: backup("abcd1234"), step: StepChooseMethod, code: CodeInvalidTransition},
				op{do: submitIdentifier("a@x"), step: StepChooseMethod, code: CodeInvalidTransition})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Options{}
			if c.webauthn {
				o.Authenticator = signs("cred")
			}
			runScript(t, o, c.script, c.ops)
		})
	}
}

// TestMethodTableCoversEveryMethod: each Method has exactly one row.
func TestMethodTableCoversEveryMethod(t *testing.T) {
	seen := map[Method]int{}
	for _, r := range methodTable {
		seen[r.method]++
	}
	for _, m := range []Method{MethodPassword, MethodCode, MethodPasskey, MethodTOTP, MethodLookupSecret, MethodWebAuthn} {
		if seen[m] != 1 {
			t.Errorf("method %q has %d rows", m, seen[m])
		}
	}
	if len(AllMethods) != len(seen) {
		t.Errorf("AllMethods = %v", AllMethods)
	}
}
