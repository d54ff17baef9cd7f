//go:build !js

package machine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// The fuzzer's person; the secrets are canaries that the checks look for.
const (
	fuzzBase     = "http://127.0.0.1:4433"
	fuzzEmail    = "alice@example.com"
	fuzzPassword = "fuzz-PW-canary-5150"
	fuzzCode     = "424242"
)

// Ops of a fuzzed sequence: every step of the JS API, and a jump of the
// clock past every lifespan.
const (
	opStartLogin = iota
	opSubmitPassword
	opStartStepUp
	opSendCode
	opSubmitCode
	opResendCode
	opWhoAmI
	opLogout
	opSubmitIdentifier
	opSubmitTOTP
	opSubmitLookupSecret
	opAdvance
	numOps
)

// Kinds of answer the fuzzed Ory gives a request (the low 3 bits of a
// tape byte).
const (
	ansRecorded    = iota // a recorded answer to the same kind of request, flow ids made to fit
	ansRecorded2          // the same (twice as likely)
	ansAnyRecorded        // any recorded answer, as recorded
	ansStatus             // any recorded answer with another status
	ansFuzzBody           // the fuzzer's body with a chosen status
	ansEmpty              // a status without a body
	ansNoAnswer           // no HTTP answer: network failure or deadline
	ansSpliced            // a recorded answer with the fuzzer's body spliced into it
)

// statuses are the statuses the fuzzed Ory picks from.
var statuses = []int{200, 204, 400, 401, 403, 404, 410, 422, 429, 500, 502, 303, 0}

// tape hands out the fuzzer's bytes; 0 once they run out.
type tape struct {
	b []byte
	i int
}

func (t *tape) next() byte {
	if t.i >= len(t.b) {
		return 0
	}
	t.i++
	return t.b[t.i-1]
}

func (t *tape) done() bool { return t.i >= len(t.b) }

// fuzzOry answers requests as the tape says, from the recorded answers of
// one release's real Kratos runs (wasm/internal/testkit/testdata) and the
// fuzzer's body. It counts
// what went out carrying a secret.
type fuzzOry struct {
	t        *testing.T
	tape     *tape
	recorded []replay.Exchange
	body     []byte
	requests int
	// sent counts, per op, the requests whose body held the password and
	// the code.
	withPassword, withCode int
}

func (o *fuzzOry) Do(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	o.requests++
	if bytes.Contains(r.Body, []byte(fuzzPassword)) {
		o.withPassword++
	}
	if bytes.Contains(r.Body, []byte(fuzzCode)) {
		o.withCode++
	}
	if strings.Contains(r.URL, fuzzPassword) || strings.Contains(r.URL, fuzzCode) {
		o.t.Fatalf("a secret in a URL: %s", r.URL)
	}
	c := o.tape.next()
	pick := func(xs []replay.Exchange) replay.Exchange { return xs[int(o.tape.next())%len(xs)] }
	switch c & 7 {
	case ansRecorded, ansRecorded2:
		if m := o.matching(r); len(m) > 0 {
			x := pick(m)
			return &transport.Response{Status: x.Response.Status, Header: x.Response.Header, Body: fitFlowID(x, r)}, nil
		}
		fallthrough
	case ansAnyRecorded:
		x := pick(o.recorded)
		return &transport.Response{Status: x.Response.Status, Header: x.Response.Header, Body: []byte(x.Response.Body)}, nil
	case ansStatus:
		x := pick(o.recorded)
		return &transport.Response{Status: statuses[int(o.tape.next())%len(statuses)], Header: x.Response.Header, Body: []byte(x.Response.Body)}, nil
	case ansFuzzBody:
		return &transport.Response{Status: statuses[int(o.tape.next())%len(statuses)], Body: o.body}, nil
	case ansEmpty:
		return &transport.Response{Status: statuses[int(o.tape.next())%len(statuses)]}, nil
	case ansNoAnswer:
		if c&8 != 0 {
			return nil, context.DeadlineExceeded
		}
		return nil, errors.New("fuzz: connection reset: " + transport.ErrNetwork.Error())
	default: // ansSpliced
		x := pick(o.recorded)
		b := []byte(x.Response.Body)
		at := 0
		if len(b) > 0 {
			at = int(o.tape.next()) * len(b) / 256
		}
		out := slices.Concat(b[:at], o.body, b[at:])
		return &transport.Response{Status: x.Response.Status, Header: x.Response.Header, Body: out}, nil
	}
}

// matching returns the recorded exchanges whose request is of the same
// kind as r: method, path, the aal asked for, and for a POST what its body
// does (password, code send, code, or its method).
func (o *fuzzOry) matching(r *transport.Request) []replay.Exchange {
	var out []replay.Exchange
	want := requestKind(r.Method, r.URL, r.Body)
	for _, x := range o.recorded {
		if requestKind(x.Request.Method, fuzzBase+x.Request.URL, x.Request.Body) == want {
			out = append(out, x)
		}
	}
	return out
}

func requestKind(method, raw string, body []byte) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	k := method + " " + u.Path + " " + u.Query().Get("aal")
	var b map[string]any
	if json.Unmarshal(body, &b) == nil {
		switch {
		case b["password"] != nil:
			k += " password"
		case b["code"] != nil:
			k += " code"
		case b["address"] != nil:
			k += " send"
		default: // totp, lookup_secret, identifier_first, a passwordless send
			if m, ok := b["method"].(string); ok {
				k += " " + m
			}
		}
	}
	return k
}

// fitFlowID makes a recorded answer name the flow that r went to.
func fitFlowID(x replay.Exchange, r *transport.Request) []byte {
	body := []byte(x.Response.Body)
	ru, err1 := url.Parse(r.URL)
	xu, err2 := url.Parse(fuzzBase + x.Request.URL)
	if err1 != nil || err2 != nil {
		return body
	}
	have, want := xu.Query().Get("flow"), ru.Query().Get("flow")
	if have == "" || want == "" {
		return body
	}
	return bytes.ReplaceAll(body, []byte(have), []byte(want))
}

// FuzzMachine drives the state machine, through the real adapter, with a
// sequence of calls that the fuzzer chooses, against an Ory whose every
// answer the fuzzer chooses too: a fitting recorded answer from a real
// Kratos run of the release that kindByte picks with the flow kind (every
// recorded scenario of v1.3.1 or v26.2.0), any recorded answer, one with another status, the fuzzer's
// own body, a splice of both, no body, or no answer at all. After every
// call: it returned (no hang), with a valid state or a typed error from the
// closed set (never internal, which is a recovered panic); a failed call
// left the state exactly as it was; nothing carried the password or the
// code more than once, or in a call that is not theirs; and no error text
// holds a secret.
func FuzzMachine(f *testing.F) {
	recs := loadRecordings(f)
	// Seeds, for every release and flow kind: the happy path with fitting
	// answers; the same with each fault at each step, followed by the step
	// again; and each recorded answer of the kind as the fuzzer's body at
	// every step.
	for kb := range 2 * len(recs) {
		k, kind, rec := kb%2, fuzzKinds[kb%2], recs[kb/2]
		happy := happyPath(kind)
		f.Add(uint8(kb), script(happy), []byte{})
		for i := range happy {
			for _, fault := range seedFaults {
				ops := slices.Clone(happy)
				broken := ops[i]
				broken.answers = [][]byte{fault}
				ops = slices.Insert(ops, i, broken)
				f.Add(uint8(kb), script(ops), []byte("<html>not Ory</html>"))
			}
		}
		// Answers that make a step ask again (a new flow, the flow Ory
		// names, whoami), with the second request failing.
		for _, fu := range followUps {
			for _, fault := range seedFaults {
				ops := slices.Clone(happy[:fu.after])
				ops = append(ops, seedOp{op: fu.op, arg: fu.arg,
					answers: [][]byte{{ansFuzzBody, byte(slices.Index(statuses, fu.status))}, fault}})
				f.Add(uint8(kb), script(ops), []byte(fu.body))
			}
		}
		for i, x := range rec.byKind[k] {
			ops := slices.Clone(happy)
			ops[i%len(ops)].answers = [][]byte{{ansFuzzBody, byte(slices.Index(statuses, x.Response.Status))}}
			f.Add(uint8(kb), script(ops), []byte(x.Response.Body))
		}
	}
	f.Add(uint8(0), []byte{opStartLogin, 0, ansNoAnswer, opStartLogin, 0, ansNoAnswer | 8, opStartLogin, 0, ansEmpty, 9, opAdvance, opSubmitCode, 0}, []byte(`{"id":"x","ui":{}}`))

	f.Fuzz(func(t *testing.T, kindByte uint8, script, body []byte) {
		if len(script) > 256 {
			return
		}
		kb := int(kindByte) % (2 * len(recs))
		runScript(t, recs[kb/2], fuzzKinds[kb%2], script, body)
	})
}

// seedOp is one call of a seed and the answers its requests get (each a
// tape: the answer kind and its choice bytes).
type seedOp struct {
	op      byte
	answers [][]byte
	arg     byte
}

// happyPath is the whole login with fitting recorded answers; the browser
// flow's logout makes two requests.
func happyPath(kind machine.FlowKind) []seedOp {
	logout := [][]byte{{ansRecorded, 0}}
	if kind == machine.FlowBrowser {
		logout = append(logout, []byte{ansRecorded, 0})
	}
	return []seedOp{
		{op: opStartLogin, answers: [][]byte{{ansRecorded, 0}}},
		{op: opSubmitPassword, answers: [][]byte{{ansRecorded, 0}}},
		{op: opStartStepUp, answers: [][]byte{{ansRecorded, 0}}},
		{op: opSendCode, answers: [][]byte{{ansRecorded, 0}}},
		{op: opResendCode, answers: [][]byte{{ansRecorded, 0}}},
		{op: opSubmitCode, answers: [][]byte{{ansRecorded, 0}}},
		{op: opWhoAmI, answers: [][]byte{{ansRecorded, 0}}},
		{op: opLogout, answers: logout},
	}
}

// seedFaults are answers that must fail a step: 500, 429, a reset, a
// deadline, an HTML page with 200, a redirect.
var seedFaults = [][]byte{
	{ansEmpty, byte(slices.Index(statuses, 500))},
	{ansEmpty, byte(slices.Index(statuses, 429))},
	{ansNoAnswer},
	{ansNoAnswer | 8},
	{ansFuzzBody, byte(slices.Index(statuses, 200))},
	{ansStatus, 0, byte(slices.Index(statuses, 303))},
}

// followUps are answers after which a step makes another request: op (with
// arg) runs after the first `after` steps of the happy path.
var followUps = []struct {
	after  int
	op     byte
	arg    byte
	status int
	body   string
}{
	{1, opSubmitPassword, 0, 422, `{"error":{"id":"browser_location_change_required","code":422},"redirect_browser_to":"http://127.0.0.1:4433/self-service/login/browser?aal=aal2"}`},
	{1, opSubmitPassword, 0, 410, `{"error":{"id":"self_service_flow_expired","code":410},"use_flow_id":"6a1c39a2-4dd8-4a0e-9a3e-0d4b2f0f1c01"}`},
	{0, opStartLogin, 0, 400, `{"error":{"id":"session_already_available","code":400}}`},
	{0, opStartLogin, 2, 401, `{"error":{"id":"session_aal1_required","code":401}}`},
	{4, opSubmitCode, 0, 400, `{"id":"f","type":"api","requested_aal":"aal2","state":"sent_email","ui":{"nodes":[],"messages":[{"id":4000001,"type":"error","text":"The request was submitted too often. Please request another code."}]}}`},
	{4, opSubmitCode, 0, 200, `{"id":"f","type":"api","requested_aal":"aal2","state":"passed_challenge","ui":{"nodes":[]}}`},
}

// script lays ops out on a tape: op, argument byte, then the answers.
func script(ops []seedOp) []byte {
	var out []byte
	for _, o := range ops {
		out = append(out, o.op, o.arg)
		for _, a := range o.answers {
			out = append(out, a...)
		}
	}
	return out
}

// TestFuzzMachineSeedsReachTheEnd keeps the fuzz harness honest: its happy
// seed must walk the whole login to signed_out for both flow kinds on every
// recorded release (v26 sends the code on the step-up), and a fault seed
// must fail its step and then pass it.
func TestFuzzMachineSeedsReachTheEnd(t *testing.T) {
	for _, rec := range loadRecordings(t) {
		t.Logf("%s: %d transcripts, %d recorded answers in the pool", rec.version, len(testkit.TranscriptNames(t, rec.version)), len(rec.pool))
		for _, kind := range fuzzKinds {
			t.Run(rec.version+"/"+string(kind), func(t *testing.T) { seedsReachTheEnd(t, rec, kind) })
		}
	}
}

func seedsReachTheEnd(t *testing.T, rec recording, kind machine.FlowKind) {
	steps, errs := runScript(t, rec, kind, script(happyPath(kind)), nil)
	afterStepUp := machine.StepChooseMethod
	if rec.version != testkit.V131 {
		afterStepUp = machine.StepCodeSent
	}
	want := []machine.Step{machine.StepPassword, machine.StepAuthenticated, afterStepUp, machine.StepCodeSent,
		machine.StepCodeSent, machine.StepAuthenticated, machine.StepAuthenticated, machine.StepSignedOut}
	if !slices.Equal(steps, want) || slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		t.Fatalf("happy seed went %v, errors %v", steps, errs)
	}
	ops := happyPath(kind)
	broken := ops[1]
	broken.answers = [][]byte{seedFaults[0]}
	steps, errs = runScript(t, rec, kind, script(slices.Insert(ops, 1, broken)), nil)
	if machine.CodeOf(errs[1]) != machine.CodeServer || steps[1] != machine.StepPassword || steps[2] != machine.StepAuthenticated || steps[len(steps)-1] != machine.StepSignedOut {
		t.Fatalf("fault seed went %v, errors %v", steps, errs)
	}
}

// fuzzKinds are the flow kinds, in the order kindByte picks them.
var fuzzKinds = []machine.FlowKind{machine.FlowAPI, machine.FlowBrowser}

// recording is what one Kratos release answered in its recorded runs.
type recording struct {
	version string
	// byKind holds, per flow kind (fuzzKinds' order), the exchanges of
	// every transcript of the kind, the happy path's first: its first flow
	// sets the clock, and its answers are the first that fit.
	byKind [2][]replay.Exchange
	// pool is byKind's answers, both kinds.
	pool []replay.Exchange
}

// loadRecordings returns every recorded release's transcripts (testkit's
// TranscriptVersions and TranscriptNames), v1.3.1 first.
func loadRecordings(t testing.TB) []recording {
	var out []recording
	for _, v := range testkit.TranscriptVersions(t) {
		r := recording{version: v}
		for k, kind := range fuzzKinds {
			happy := string(kind) + "-happy"
			r.byKind[k] = testkit.Transcript(t, v, happy)
			for _, name := range testkit.TranscriptNames(t, v) {
				if strings.HasPrefix(name, string(kind)+"-") && name != happy {
					r.byKind[k] = append(r.byKind[k], testkit.Transcript(t, v, name)...)
				}
			}
		}
		r.pool = slices.Concat(r.byKind[0], r.byKind[1])
		out = append(out, r)
	}
	if out[0].version != testkit.V131 {
		t.Fatalf("first release %s, want %s", out[0].version, testkit.V131)
	}
	return out
}

// runScript runs the calls and answers of a tape and checks every call
// (see FuzzMachine); it returns the step after each call and its error.
func runScript(t *testing.T, rec recording, kind machine.FlowKind, script, body []byte) ([]machine.Step, []error) {
	tp := &tape{b: script}
	fo := &fuzzOry{t: t, tape: tp, recorded: rec.pool, body: body}
	now := recordedTime(t, rec.byKind[slices.Index(fuzzKinds, kind)])
	m, err := login.New(login.Options{BaseURL: fuzzBase, Flow: kind, Transport: fo, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var steps []machine.Step
	var errs []error
	for n := 0; n < 24 && !tp.done(); n++ {
		op := int(tp.next()) % numOps
		if op == opAdvance {
			now = now.Add(2 * time.Hour)
			continue
		}
		before := m.State()
		fo.requests, fo.withPassword, fo.withCode = 0, 0, 0
		done := make(chan error, 1)
		go func() { done <- call(m, op, before, tp.next()) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("op %d hangs", op)
		}
		after := m.State()
		if err != nil {
			if c := machine.CodeOf(err); c == machine.CodeInternal || !slices.Contains(machine.Codes, c) {
				t.Fatalf("op %d: %v (%T)", op, err, err)
			}
			testkit.Unchanged(t, fmt.Sprintf("op %d (%v)", op, err), before, after)
			if s := err.Error(); strings.Contains(s, fuzzPassword) || strings.Contains(s, fuzzCode) {
				t.Fatalf("op %d: a secret in the error text %q", op, s)
			}
		}
		if msg := invalid(after, kind); msg != "" {
			t.Fatalf("op %d (%v) left an invalid state: %s\n%+v", op, err, msg, after)
		}
		if fo.requests > 12 {
			t.Fatalf("op %d made %d requests", op, fo.requests)
		}
		if fo.withPassword > 1 || (fo.withPassword > 0 && op != opSubmitPassword) {
			t.Fatalf("op %d sent the password %d times", op, fo.withPassword)
		}
		if fo.withCode > 1 || (fo.withCode > 0 && !slices.Contains([]int{opSubmitCode, opSubmitTOTP, opSubmitLookupSecret}, op)) {
			t.Fatalf("op %d sent the code %d times", op, fo.withCode)
		}
		steps, errs = append(steps, after.Step), append(errs, err)
	}
	return steps, errs
}

// call runs one op with arguments chosen by arg.
func call(m *machine.Machine, op int, s machine.State, arg byte) error {
	ctx := context.Background()
	var err error
	switch op {
	case opStartLogin:
		r := machine.FlowRequest{Refresh: arg&1 != 0}
		if arg&2 != 0 {
			r.AAL = machine.AAL2
		}
		_, err = m.StartLogin(ctx, r)
	case opSubmitPassword:
		id := fuzzEmail
		if arg&1 != 0 {
			id = "" // the identifier Ory holds, if any
		}
		_, err = m.SubmitPassword(ctx, id, fuzzPassword)
	case opSubmitIdentifier:
		_, err = m.SubmitIdentifier(ctx, fuzzEmail)
	case opSubmitTOTP:
		_, err = m.SubmitTOTP(ctx, fuzzCode)
	case opSubmitLookupSecret:
		_, err = m.SubmitLookupSecret(ctx, fuzzCode)
	case opStartStepUp:
		_, err = m.StartStepUp(ctx)
	case opSendCode:
		addr := ""
		if len(s.Addresses) > 0 && arg&1 != 0 {
			addr = s.Addresses[int(arg>>1)%len(s.Addresses)]
		}
		_, err = m.SendCode(ctx, addr)
	case opSubmitCode:
		_, err = m.SubmitCode(ctx, fuzzCode)
	case opResendCode:
		_, err = m.ResendCode(ctx)
	case opWhoAmI:
		_, _, err = m.WhoAmI(ctx)
	case opLogout:
		_, err = m.Logout(ctx)
	}
	return err
}

// invalid says what is wrong with s, "" when nothing is.
func invalid(s machine.State, kind machine.FlowKind) string {
	aal := func(a machine.AAL) bool { return a == "" || a == machine.AAL1 || a == machine.AAL2 }
	switch {
	case s.FlowKind != kind:
		return "flow kind changed"
	case !aal(s.AAL) || !aal(s.RequestedAAL):
		return "unknown AAL"
	}
	switch s.Step {
	case machine.StepIdle, machine.StepSignedOut:
		if s.FlowID != "" {
			return "a flow without a flow step"
		}
	case machine.StepPassword, machine.StepIdentifier:
		if s.FlowID == "" || s.RequestedAAL != machine.AAL1 {
			return "first-factor step without an aal1 flow"
		}
	case machine.StepChooseMethod, machine.StepCodeSent:
		if s.FlowID == "" || s.RequestedAAL == "" {
			return "method step without a flow"
		}
	case machine.StepAuthenticated:
		if s.Session == nil || s.AAL == "" || s.FlowID != "" || len(s.Methods) != 0 {
			return "authenticated without a session, or with a flow"
		}
	default:
		return "unknown step"
	}
	return ""
}

// recordedTime is when a transcript's first flow was issued, so that its
// flows are not expired for the machine until the fuzzer moves the clock.
func recordedTime(t testing.TB, xs []replay.Exchange) time.Time {
	var fl struct {
		IssuedAt time.Time `json:"issued_at"`
	}
	if err := json.Unmarshal(xs[0].Response.Body, &fl); err != nil || fl.IssuedAt.IsZero() {
		t.Fatalf("transcript has no issued_at: %v", err)
	}
	return fl.IssuedAt
}
