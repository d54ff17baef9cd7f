//go:build !js

package ory_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport"
)

// replayV26 serves the recorded v26 answers of kase whose steps start with
// the given prefixes, in that order, and fails when a request goes
// elsewhere than the recorded one. It returns the machine and the request
// bodies sent.
func replayV26(t *testing.T, kase string, kind machine.FlowKind, steps ...string) (*machine.Machine, *[]string) {
	t.Helper()
	var answers []ory.RecordedAnswer
	for _, s := range steps {
		answers = append(answers, ory.Recorded(t, "v26.2.0", kase, s))
	}
	var bodies []string
	tr := transport.Func(func(_ context.Context, r *transport.Request) (*transport.Response, error) {
		if len(answers) == 0 {
			t.Fatalf("unexpected request %s %s", r.Method, r.URL)
		}
		a := answers[0]
		answers = answers[1:]
		u, _ := url.Parse(r.URL)
		if u.Path != a.Path || r.Method != a.Method {
			t.Fatalf("request %s %s, recorded %s %s (%s)", r.Method, u.Path, a.Method, a.Path, a.Step)
		}
		bodies = append(bodies, string(r.Body))
		return &transport.Response{Status: a.Status, Header: map[string]string{"location": a.Location}, Body: a.Body}, nil
	})
	var f struct {
		IssuedAt time.Time `json:"issued_at"`
	}
	if err := json.Unmarshal(ory.Recorded(t, "v26.2.0", kase, steps[0]).Body, &f); err != nil {
		t.Fatal(err)
	}
	m, err := login.New(login.Options{BaseURL: "http://127.0.0.1:4633", Flow: kind, Transport: tr,
		Now: func() time.Time { return f.IssuedAt }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if len(answers) != 0 {
			t.Errorf("%d recorded answers not asked for", len(answers))
		}
	})
	return m, &bodies
}

func must(t *testing.T, step machine.Step) func(machine.State, error) machine.State {
	return func(st machine.State, err error) machine.State {
		t.Helper()
		if err != nil || st.Step != step {
			t.Fatalf("want %s, got %+v %v", step, st, err)
		}
		return st
	}
}

// Kratos v26's happy path, both flow kinds, from its recorded answers:
// step-up resolves code_sent with the address, no send is posted.
func TestReplayV26HappyPath(t *testing.T) {
	for _, c := range []struct {
		kase  string
		kind  machine.FlowKind
		steps []string
	}{
		{"api_happy", machine.FlowAPI, []string{"A1", "A2", "A3", "A5", "A6 whoami X-Session-Token"}},
		{"browser_happy", machine.FlowBrowser, []string{"B1", "B2", "B4", "B6", "B7"}},
	} {
		t.Run(c.kase, func(t *testing.T) {
			m, bodies := replayV26(t, c.kase, c.kind, c.steps...)
			must(t, machine.StepPassword)(m.StartLogin(bg, machine.FlowRequest{}))
			must(t, machine.StepAuthenticated)(m.SubmitPassword(bg, "alice@example.com", "pw"))
			st := must(t, machine.StepCodeSent)(m.StartStepUp(bg))
			if !slices.Equal(st.Addresses, []string{"alice@example.com"}) || st.Messages[0].ID != 1010014 {
				t.Fatalf("after step-up: %+v", st)
			}
			st = must(t, machine.StepAuthenticated)(m.SubmitCode(bg, "123456"))
			if st.AAL != machine.AAL2 {
				t.Fatalf("%+v", st)
			}
			if _, _, err := m.WhoAmI(bg); err != nil {
				t.Fatal(err)
			}
			if posts := (*bodies)[3]; !strings.Contains(posts, `"code":"123456"`) {
				t.Fatalf("verify body %s", posts)
			}
		})
	}
}

// The measured v26 breakage: resendCode after step-up resolved
// choose_method with 4000002 and mailed nothing. Now it posts the resend
// body with the address, and only the new code works.
func TestReplayV26Resend(t *testing.T) {
	m, bodies := replayV26(t, "e07_resend", machine.FlowAPI, "setup address: init aal1", "setup address: password",
		"address: init aal2", "resend with address", "address: old code", "address: new code")
	must(t, machine.StepPassword)(m.StartLogin(bg, machine.FlowRequest{}))
	must(t, machine.StepAuthenticated)(m.SubmitPassword(bg, "alice@example.com", "pw"))
	must(t, machine.StepCodeSent)(m.StartStepUp(bg))
	st := must(t, machine.StepCodeSent)(m.ResendCode(bg))
	if !slices.Equal(st.Addresses, []string{"alice@example.com"}) {
		t.Fatalf("after resend: %+v", st)
	}
	var resend map[string]any
	if err := json.Unmarshal([]byte((*bodies)[3]), &resend); err != nil || resend["resend"] != "code" || resend["address"] != "alice@example.com" || resend["method"] != "code" {
		t.Fatalf("resend body %s", (*bodies)[3])
	}
	st = must(t, machine.StepCodeSent)(m.SubmitCode(bg, "111111"))
	if !slices.Contains(messageIDs(st), 4010008) {
		t.Fatalf("old code: %+v", st.Messages)
	}
	must(t, machine.StepAuthenticated)(m.SubmitCode(bg, "222222"))
}
