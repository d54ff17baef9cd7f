package machine

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var ctx = context.Background()

// op is one call on the machine and what it must end in.
type op struct {
	name     string
	do       func(m *Machine) (State, error)
	step     Step     // the step after the call (unchanged on error)
	code     Code     // the error code, "" for success
	messages []int    // message ids of the resulting State, nil = not checked
	methods  []Method // State.Methods after the call, nil = not checked
	// identifier is State.Identifier after the call, "" = not checked.
	identifier string
	// addresses is State.Addresses after the call, nil = not checked.
	addresses []string
}

func startLogin(aal AAL) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.StartLogin(ctx, FlowRequest{AAL: aal}) }
}
func password(id, pw string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SubmitPassword(ctx, id, pw) }
}
func stepUp(m *Machine) (State, error) { return m.StartStepUp(ctx) }
func sendCode(addr string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SendCode(ctx, addr) }
}
func submitCode(c string) func(*Machine) (State, error) {
	return func(m *Machine) (State, error) { return m.SubmitCode(ctx, c) }
}
func resend(m *Machine) (State, error) { return m.ResendCode(ctx) }
func logout(m *Machine) (State, error) { return m.Logout(ctx) }
func whoami(m *Machine) (State, error) {
	_, st, err := m.WhoAmI(ctx)
	return st, err
}

// toAAL1 is the script and ops that reach an AAL1 session.
var (
	toAAL1Script = []scripted{{call: "CreateFlow aal1", answer: flowAAL1}, {call: "SubmitPassword f1 a@x pw", answer: done1}}
	toAAL1Ops    = []op{
		{name: "start", do: startLogin(""), step: StepPassword},
		{name: "password", do: password("a@x", "pw"), step: StepAuthenticated},
	}
	toCodeSentScript = append(slices.Clone(toAAL1Script),
		scripted{call: "CreateFlow aal2", answer: flowAAL2}, scripted{call: "SendCode f2 a@x", answer: codeSent})
	toCodeSentOps = append(slices.Clone(toAAL1Ops),
		op{name: "step-up", do: stepUp, step: StepChooseMethod}, op{name: "send", do: sendCode(""), step: StepCodeSent})
)

func cat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestTransitions(t *testing.T) {
	netErr := NewError(CodeNetwork, 0, "could not reach Ory")
	cases := []struct {
		name   string
		script []scripted
		ops    []op
	}{
		{"happy path to aal2 and logout", cat(toCodeSentScript, []scripted{
			{call: "SubmitCode f2 123456", answer: done2}, {call: "Logout"}}),
			cat(toCodeSentOps, []op{
				{name: "code", do: submitCode(" 123456 "), step: StepAuthenticated},
				{name: "logout", do: logout, step: StepSignedOut},
			})},
		{"wrong password stays in password with Ory's message", []scripted{
			{call: "CreateFlow aal1", answer: flowAAL1}, {call: "SubmitPassword f1 a@x bad", answer: wrongPW}},
			[]op{{do: startLogin(""), step: StepPassword}, {do: password("a@x", "bad"), step: StepPassword, messages: []int{4000006}}}},
		{"wrong code stays in code_sent; resend goes to the chosen address", cat(toAAL1Script, []scripted{
			{call: "CreateFlow aal2", answer: flowAAL2}, {call: "SendCode f2 b@x", answer: codeSent},
			{call: "SubmitCode f2 000000", answer: wrongCode}, {call: "ResendCode f2 b@x", answer: codeSent}}),
			cat(toAAL1Ops, []op{{do: stepUp, step: StepChooseMethod, messages: []int{1010004}},
				{do: sendCode("b@x"), step: StepCodeSent, messages: []int{1010014}},
				{do: submitCode("000000"), step: StepCodeSent, messages: []int{4010008}},
				{do: resend, step: StepCodeSent}})},
		{"five attempts used: a new aal2 flow with Ory's message", cat(toCodeSentScript, []scripted{
			{call: "SubmitCode f2 111111", answer: tooOften}, {call: "CreateFlow aal2", answer: flowAAL2b}}),
			cat(toCodeSentOps, []op{{do: submitCode("111111"), step: StepChooseMethod, messages: []int{4000001, 1010004}}})},
		{"expired aal2 flow: a new aal2 flow with orylogin's message", cat(toCodeSentScript, []scripted{
			{call: "SubmitCode f2 111111", answer: flowExpired}, {call: "CreateFlow aal2", answer: flowAAL2b}}),
			cat(toCodeSentOps, []op{{do: submitCode("111111"), step: StepChooseMethod, messages: []int{MsgCodeFlowRestarted, 1010004}}})},
		{"expired aal1 flow continues on Ory's new flow without resending the password", []scripted{
			{call: "CreateFlow aal1", answer: flowAAL1},
			{call: "SubmitPassword f1 a@x pw", answer: Answer{Kind: AnswerFlowReplaced, NewFlowID: "f9"}},
			{call: "GetFlow f9", answer: Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f9", RequestedAAL: AAL1, Nodes: passwordNodes, Messages: []Message{{ID: 4010001}}}}}},
			[]op{{do: startLogin(""), step: StepPassword}, {do: password("a@x", "pw"), step: StepPassword, messages: []int{4010001}}}},
		{"Ory demands the second factor right after the password", []scripted{
			{call: "CreateFlow aal1", answer: flowAAL1},
			{call: "SubmitPassword f1 a@x pw", answer: Answer{Kind: AnswerNeedAAL2}},
			{call: "CreateFlow aal2", answer: flowAAL2}},
			[]op{{do: startLogin(""), step: StepPassword}, {do: password("a@x", "pw"), step: StepChooseMethod}}},
		{"an aal2 flow without a session goes back to password", []scripted{
			{call: "CreateFlow aal2", answer: Answer{Kind: AnswerNoSession}}, {call: "CreateFlow aal1", answer: flowAAL1}},
			[]op{{do: startLogin(AAL2), step: StepPassword}}},
		{"a session that already exists is shown", []scripted{
			{call: "CreateFlow aal1", answer: Answer{Kind: AnswerSessionExists}}, {call: "WhoAmI", session: sess2}},
			[]op{{do: startLogin(""), step: StepAuthenticated}}},
		{"a passed challenge asks whoami", cat(toCodeSentScript, []scripted{
			{call: "SubmitCode f2 123456", answer: Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStatePassedChallenge}}},
			{call: "WhoAmI", session: sess2}}),
			cat(toCodeSentOps, []op{{do: submitCode("123456"), step: StepAuthenticated}})},
		{"out-of-order calls send nothing", nil, []op{
			{do: submitCode("123456"), step: StepIdle, code: CodeInvalidTransition},
			{do: password("a@x", "pw"), step: StepIdle, code: CodeInvalidTransition},
			{do: sendCode(""), step: StepIdle, code: CodeInvalidTransition},
			{do: resend, step: StepIdle, code: CodeInvalidTransition},
			{do: stepUp, step: StepIdle, code: CodeInvalidTransition},
			{do: logout, step: StepIdle, code: CodeInvalidTransition}}},
		{"bad arguments send nothing", cat(toAAL1Script, []scripted{{call: "CreateFlow aal2", answer: flowAAL2}}),
			cat(toAAL1Ops, []op{{do: stepUp, step: StepChooseMethod},
				{do: sendCode("evil@x"), step: StepChooseMethod, code: CodeInvalidArgument},
				{do: startLogin("aal3"), step: StepChooseMethod, code: CodeInvalidArgument}})},
		{"empty and huge input is refused", []scripted{{call: "CreateFlow aal1", answer: flowAAL1}}, []op{
			{do: startLogin(""), step: StepPassword},
			{do: password("", "pw"), step: StepPassword, code: CodeInvalidArgument},
			{do: password("a@x", ""), step: StepPassword, code: CodeInvalidArgument},
			{do: password("a@x", strings.Repeat("p", MaxPasswordLen+1)), step: StepPassword, code: CodeInvalidArgument},
			{do: password("a@x", "\xff"), step: StepPassword, code: CodeInvalidArgument}}},
		{"a failed step leaves the state as it was", []scripted{
			{call: "CreateFlow aal1", answer: flowAAL1}, {call: "SubmitPassword f1 a@x pw", err: netErr},
			{call: "SubmitPassword f1 a@x pw", answer: done1}},
			[]op{{do: startLogin(""), step: StepPassword},
				{do: password("a@x", "pw"), step: StepPassword, code: CodeNetwork},
				{do: password("a@x", "pw"), step: StepAuthenticated}}},
		{"whoami: aal2_required keeps the state and allows step-up", []scripted{
			{call: "WhoAmI", err: NewError(CodeAAL2Required, 403, "")}, {call: "CreateFlow aal2", answer: flowAAL2}},
			[]op{{do: whoami, step: StepIdle, code: CodeAAL2Required}, {do: stepUp, step: StepChooseMethod}}},
		{"whoami with no session ends an authenticated state", cat(toAAL1Script, []scripted{{call: "WhoAmI"}}),
			cat(toAAL1Ops, []op{{do: whoami, step: StepSignedOut}})},
		{"whoami with a session resumes it", []scripted{{call: "WhoAmI", session: sess1}},
			[]op{{do: whoami, step: StepAuthenticated}}},
		{"a server that keeps redirecting is cut off", []scripted{
			{call: "CreateFlow aal2", answer: Answer{Kind: AnswerNoSession}},
			{call: "CreateFlow aal1", answer: Answer{Kind: AnswerSessionExists}},
			{call: "WhoAmI", err: NewError(CodeAAL2Required, 403, "")},
			{call: "CreateFlow aal2", answer: Answer{Kind: AnswerNoSession}},
			{call: "CreateFlow aal1", answer: Answer{Kind: AnswerSessionExists}}},
			[]op{{do: startLogin(AAL2), step: StepIdle, code: CodeBadResponse}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runScript(t, Options{}, c.script, c.ops) })
	}
}

// runScript runs ops on a machine over a fake Ory that expects script,
// checking each op's step, error code, messages and methods, that a failed
// op leaves the State exactly as it was, that OnChange hears each success,
// and that every scripted call was made.
func runScript(t *testing.T, o Options, script []scripted, ops []op) {
	t.Helper()
	ory := &fakeOry{t: t, kind: FlowAPI, script: slices.Clone(script)}
	var changes []Step
	o.Ory, o.OnChange = ory, func(s State) { changes = append(changes, s.Step) }
	m := New(o)
	wantChanges := 0
	for i, o := range ops {
		before := m.State()
		st, err := o.do(m)
		if CodeOf(err) != o.code {
			t.Fatalf("op %d %s: error %v, want code %q", i, o.name, err, o.code)
		}
		if err != nil {
			if after := m.State(); !reflect.DeepEqual(after, before) {
				t.Fatalf("op %d: failed call changed the state:\n%+v\n%+v", i, before, after)
			}
			st = m.State()
		} else {
			wantChanges++
		}
		if st.Step != o.step {
			t.Fatalf("op %d %s: step %q, want %q (calls %v)", i, o.name, st.Step, o.step, ory.calls)
		}
		if o.messages != nil {
			var ids []int
			for _, msg := range st.Messages {
				ids = append(ids, msg.ID)
			}
			if !slices.Equal(ids, o.messages) {
				t.Fatalf("op %d: messages %v, want %v", i, ids, o.messages)
			}
		}
		if o.methods != nil && !slices.Equal(st.Methods, o.methods) {
			t.Fatalf("op %d %s: methods %v, want %v", i, o.name, st.Methods, o.methods)
		}
		if o.identifier != "" && st.Identifier != o.identifier {
			t.Fatalf("op %d %s: identifier %q, want %q", i, o.name, st.Identifier, o.identifier)
		}
		if o.addresses != nil && !slices.Equal(st.Addresses, o.addresses) {
			t.Fatalf("op %d %s: addresses %v, want %v", i, o.name, st.Addresses, o.addresses)
		}
	}
	if len(ory.script) != 0 {
		t.Fatalf("calls not made: %+v", ory.script)
	}
	if len(changes) != wantChanges {
		t.Fatalf("OnChange called %d times, want %d", len(changes), wantChanges)
	}
}

func TestStateAfterStepUp(t *testing.T) {
	ory := &fakeOry{t: t, kind: FlowAPI, script: slices.Clone(toCodeSentScript)}
	m := New(Options{Ory: ory})
	for _, o := range toCodeSentOps {
		if _, err := o.do(m); err != nil {
			t.Fatal(err)
		}
	}
	st := m.State()
	want := State{Step: StepCodeSent, FlowKind: FlowAPI, FlowID: "f2", RequestedAAL: AAL2, AAL: AAL1,
		Addresses: []string{"a@x", "b@x"}, Methods: []Method{MethodCode}, Identifier: "a@x",
		Messages: []Message{{ID: 1010014}}, Session: sess1}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("state\n%+v\nwant\n%+v", st, want)
	}
	st.Addresses[0] = "changed"
	if m.State().Addresses[0] != "a@x" {
		t.Fatal("State shares its slices with the machine")
	}
}

func TestLocallyExpiredFlowSendsNoCode(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiring := Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, ExpiresAt: now.Add(time.Minute)}}
	ory := &fakeOry{t: t, kind: FlowBrowser, script: cat(toAAL1Script, []scripted{
		{call: "CreateFlow aal2", answer: flowAAL2}, {call: "SendCode f2 a@x", answer: expiring},
		{call: "CreateFlow aal2", answer: flowAAL2b}})}
	m := New(Options{Ory: ory, Now: func() time.Time { return now }})
	for _, o := range append(slices.Clone(toAAL1Ops), op{do: stepUp}, op{do: sendCode("")}) {
		if _, err := o.do(m); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(2 * time.Minute)
	st, err := m.SubmitCode(ctx, "123456")
	if err != nil || st.Step != StepChooseMethod || st.Messages[0].ID != MsgCodeFlowRestarted {
		t.Fatalf("got %+v, %v", st, err)
	}
	if slices.Contains(ory.calls, "SubmitCode f2 123456") {
		t.Fatal("a code was sent on an expired flow")
	}
}

// blockingOry blocks CreateFlow until released, to hold a call in flight.
type blockingOry struct {
	fakeOry
	entered, release chan struct{}
}

func (b *blockingOry) CreateFlow(context.Context, FlowRequest) (Answer, error) {
	close(b.entered)
	<-b.release
	return flowAAL1, nil
}

func TestBusyIsCheckedFirstAndSendsNothing(t *testing.T) {
	ory := &blockingOry{fakeOry: fakeOry{t: t, kind: FlowAPI}, entered: make(chan struct{}), release: make(chan struct{})}
	m := New(Options{Ory: ory})
	done := make(chan error)
	go func() { _, err := m.StartLogin(ctx, FlowRequest{}); done <- err }()
	<-ory.entered
	for _, do := range []func(*Machine) (State, error){startLogin(""), submitCode("1"), logout, whoami} {
		if _, err := do(m); CodeOf(err) != CodeBusy {
			t.Fatalf("in flight: %v, want busy", err)
		}
	}
	close(ory.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := m.State(); st.Step != StepPassword {
		t.Fatalf("step %q", st.Step)
	}
}

// panickyOry panics in SubmitPassword.
type panickyOry struct{ fakeOry }

func (p *panickyOry) SubmitPassword(context.Context, *Flow, string, string) (Answer, error) {
	panic("boom")
}

func TestPanicBecomesInternalAndMachineGoesOn(t *testing.T) {
	ory := &panickyOry{fakeOry{t: t, kind: FlowAPI, script: []scripted{
		{call: "CreateFlow aal1", answer: flowAAL1}, {call: "CreateFlow aal1", answer: flowAAL1}}}}
	m := New(Options{Ory: ory})
	if _, err := m.StartLogin(ctx, FlowRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SubmitPassword(ctx, "a@x", "pw"); CodeOf(err) != CodeInternal {
		t.Fatalf("got %v", err)
	}
	if _, err := m.StartLogin(ctx, FlowRequest{}); err != nil {
		t.Fatalf("after a panic: %v", err)
	}
}

func TestErrorText(t *testing.T) {
	e := NewError(CodeServer, 502, "Ory failed").Wrap(errors.New("secret-canary"))
	if got := e.Error(); got != "orylogin: server (HTTP 502): Ory failed" {
		t.Fatalf("Error() = %q", got)
	}
	if !errors.Is(e, &Error{Code: CodeServer}) || errors.Is(e, &Error{Code: CodeNetwork}) {
		t.Fatal("errors.Is by code")
	}
	if CodeOf(errors.New("x")) != CodeInternal || CodeOf(nil) != "" {
		t.Fatal("CodeOf")
	}
	seen := map[Code]bool{}
	for _, c := range Codes {
		if seen[c] || !strings.Contains(string(c), "_") && len(c) < 4 {
			t.Fatalf("bad or duplicate code %q", c)
		}
		seen[c] = true
	}
}
