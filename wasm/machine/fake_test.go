package machine

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// fakeOry answers each call from a script, in order, and fails the test on
// any call the script does not expect. It stands in for Ory only in the
// machine's own table tests; the adapter's tests use a real Kratos.
type fakeOry struct {
	t      *testing.T
	kind   FlowKind
	script []scripted
	calls  []string
}

// scripted is one expected call ("CreateFlow aal2", "SubmitCode 123456", …)
// and what it returns.
type scripted struct {
	call    string
	answer  Answer
	session *Session
	err     error
}

func (f *fakeOry) next(call string) scripted {
	f.t.Helper()
	f.calls = append(f.calls, call)
	if len(f.script) == 0 {
		f.t.Fatalf("unexpected call %q", call)
	}
	s := f.script[0]
	f.script = f.script[1:]
	if s.call != call {
		f.t.Fatalf("call %q, want %q", call, s.call)
	}
	return s
}

func (f *fakeOry) Kind() FlowKind { return f.kind }
func (f *fakeOry) CreateFlow(_ context.Context, r FlowRequest) (Answer, error) {
	aal := r.AAL
	if aal == "" {
		aal = AAL1
	}
	s := f.next(strings.TrimSpace(fmt.Sprintf("CreateFlow %s %s", aal, map[bool]string{true: "refresh"}[r.Refresh])))
	return s.answer, s.err
}
func (f *fakeOry) GetFlow(_ context.Context, id string) (Answer, error) {
	s := f.next("GetFlow " + id)
	return s.answer, s.err
}
func (f *fakeOry) SubmitPassword(_ context.Context, fl *Flow, id, pw string) (Answer, error) {
	s := f.next("SubmitPassword " + fl.ID + " " + id + " " + pw)
	return s.answer, s.err
}
func (f *fakeOry) SendCode(_ context.Context, fl *Flow, addr string) (Answer, error) {
	s := f.next("SendCode " + fl.ID + " " + addr)
	return s.answer, s.err
}
func (f *fakeOry) ResendCode(_ context.Context, fl *Flow, addr string) (Answer, error) {
	s := f.next("ResendCode " + fl.ID + " " + addr)
	return s.answer, s.err
}
func (f *fakeOry) SubmitCode(_ context.Context, fl *Flow, code string) (Answer, error) {
	s := f.next("SubmitCode " + fl.ID + " " + code)
	return s.answer, s.err
}
func (f *fakeOry) SubmitIdentifier(_ context.Context, fl *Flow, id string) (Answer, error) {
	s := f.next("SubmitIdentifier " + fl.ID + " " + id)
	return s.answer, s.err
}
func (f *fakeOry) SubmitTOTP(_ context.Context, fl *Flow, code string) (Answer, error) {
	s := f.next("SubmitTOTP " + fl.ID + " " + code)
	return s.answer, s.err
}
func (f *fakeOry) SubmitLookupSecret(_ context.Context, fl *Flow, code string) (Answer, error) {
	s := f.next("SubmitLookupSecret " + fl.ID + " " + code)
	return s.answer, s.err
}
func (f *fakeOry) SubmitPasskey(_ context.Context, fl *Flow, cred string) (Answer, error) {
	s := f.next("SubmitPasskey " + fl.ID + " " + cred)
	return s.answer, s.err
}
func (f *fakeOry) SubmitWebAuthn(_ context.Context, fl *Flow, cred string) (Answer, error) {
	s := f.next("SubmitWebAuthn " + fl.ID + " " + cred)
	return s.answer, s.err
}
func (f *fakeOry) WhoAmI(context.Context) (*Session, error) {
	s := f.next("WhoAmI")
	return s.session, s.err
}
func (f *fakeOry) Logout(context.Context) error {
	return f.next("Logout").err
}

// Answers used by the tables.
var (
	sess1 = &Session{ID: "s", Active: true, AAL: AAL1, Methods: []string{"password"}, Identity: &Identity{ID: "i"}}
	sess2 = &Session{ID: "s", Active: true, AAL: AAL2, Methods: []string{"password", "code"}, Identity: &Identity{ID: "i"}}

	flowAAL1    = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f1", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: passwordNodes}}
	wrongPW     = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f1", RequestedAAL: AAL1, OryState: OryStateChooseMethod, Nodes: passwordNodes, Messages: []Message{{ID: 4000006, Type: "error"}}}}
	flowAAL2    = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateChooseMethod, Nodes: addressNodes("a@x", "b@x"), Messages: []Message{{ID: 1010004}}}}
	flowAAL2b   = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f3", RequestedAAL: AAL2, OryState: OryStateChooseMethod, Nodes: addressNodes("a@x"), Messages: []Message{{ID: 1010004}}}}
	codeSent    = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: codeNodes("a@x"), Messages: []Message{{ID: 1010014}}}}
	codeSentB   = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: codeNodes("b@x"), Messages: []Message{{ID: 1010014}}}}
	wrongCode   = Answer{Kind: AnswerFlow, Flow: &Flow{ID: "f2", RequestedAAL: AAL2, OryState: OryStateSentEmail, Nodes: codeNodes(""), Messages: []Message{{ID: 4010008, Type: "error"}}}}
	tooOften    = Answer{Kind: AnswerFlowExhausted, Messages: []Message{{ID: 4000001, Type: "error", Text: "The request was submitted too often."}}}
	flowExpired = Answer{Kind: AnswerFlowExpired}
	done1       = Answer{Kind: AnswerSession, Session: sess1}
	done2       = Answer{Kind: AnswerSession, Session: sess2}
)

// Ory's input nodes as the adapter passes them, for the tables' flows.
var passwordNodes = []Node{
	{Group: "default", Name: "identifier", Type: "text"},
	{Group: "password", Name: "password", Type: "password"},
	{Group: "password", Name: "method", Type: "submit", Value: "password"},
}

// addressNodes are an aal2 flow's address buttons, one per address.
func addressNodes(addrs ...string) []Node {
	var out []Node
	for _, a := range addrs {
		out = append(out, Node{Group: "code", Name: "address", Type: "submit", Value: a})
	}
	return out
}

// codeNodes are the code entry of a flow that sent a code to addr.
func codeNodes(addr string) []Node {
	return []Node{
		{Group: "code", Name: "identifier", Type: "hidden", Value: addr},
		{Group: "code", Name: "code", Type: "text"},
		{Group: "code", Name: "resend", Type: "submit", Value: "code"},
	}
}
