//go:build !js

package ory_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// transcripts are real Kratos v1.3.1 runs, recorded with secrets scrubbed
// (testkit's testdata/v1.3.1/<name>.json).
var transcripts = []string{"api-happy", "browser-happy"}

func loadTranscript(t testing.TB, name string) []replay.Exchange {
	t.Helper()
	return testkit.Transcript(t, testkit.V131, name)
}

// happyOps are the steps of a recorded happy path, in order; each makes
// exactly one request there.
var happyOps = []func(m *machine.Machine) error{
	func(m *machine.Machine) error { _, err := m.StartLogin(bg, machine.FlowRequest{}); return err },
	func(m *machine.Machine) error {
		_, err := m.SubmitPassword(bg, "alice@example.com", replay.PlaceholderPassword)
		return err
	},
	func(m *machine.Machine) error { _, err := m.StartStepUp(bg); return err },
	func(m *machine.Machine) error { _, err := m.SendCode(bg, ""); return err },
	func(m *machine.Machine) error { _, err := m.SubmitCode(bg, replay.PlaceholderCode); return err },
	func(m *machine.Machine) error { _, _, err := m.WhoAmI(bg); return err },
	func(m *machine.Machine) error { _, err := m.Logout(bg); return err },
}

// recordedClock returns the time of the transcript's first response, so
// that flows recorded long ago are not expired for the machine.
func recordedClock(t testing.TB, xs []replay.Exchange) func() time.Time {
	var f struct {
		IssuedAt time.Time `json:"issued_at"`
	}
	if err := json.Unmarshal(xs[0].Response.Body, &f); err != nil || f.IssuedAt.IsZero() {
		t.Fatalf("transcript has no issued_at: %v", err)
	}
	return func() time.Time { return f.IssuedAt }
}

// FuzzAnswer replays a recorded run up to a step, then gives that step an
// Ory-shaped answer of the fuzzer's making. Whatever the answer, the step
// ends in a valid state or a typed error: no panic (the machine would turn
// one into CodeInternal), no hang, no code outside the closed set.
func FuzzAnswer(f *testing.F) {
	for i, name := range transcripts {
		xs := loadTranscript(f, name)
		for step, x := range xs {
			f.Add(uint8(i), uint8(step), x.Response.Status, []byte(x.Response.Body))
		}
	}
	f.Add(uint8(0), uint8(1), 410, []byte(`{"error":{"id":"self_service_flow_expired","code":410},"use_flow_id":"x"}`))
	f.Add(uint8(1), uint8(1), 422, []byte(`{"error":{"id":"browser_location_change_required","code":422},"redirect_browser_to":"/?aal=aal2"}`))
	f.Add(uint8(0), uint8(4), 400, []byte(`{"id":"f","ui":{"nodes":[],"messages":[{"id":4000001,"text":"submitted too often","type":"error"}]}}`))
	xss := [][]replay.Exchange{loadTranscript(f, transcripts[0]), loadTranscript(f, transcripts[1])}
	f.Fuzz(func(t *testing.T, which, step uint8, status int, body []byte) {
		xs := xss[int(which)%len(xss)]
		at := int(step) % len(happyOps)
		rec := replay.New(base, xs)
		fuzzed := false
		tr := transport.Func(func(ctx context.Context, r *transport.Request) (*transport.Response, error) {
			if fuzzed {
				return &transport.Response{Status: status, Body: body}, nil
			}
			return rec.Do(ctx, r)
		})
		kind := kindOf(xs)
		m, err := login.New(login.Options{BaseURL: base, Flow: kind, Transport: tr, Now: recordedClock(t, xs)})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < at; i++ {
			if err := happyOps[i](m); err != nil {
				t.Fatalf("replaying step %d: %v", i, err)
			}
		}
		before := m.State()
		fuzzed = true
		done := make(chan error, 1)
		go func() { done <- happyOps[at](m) }()
		select {
		case err = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("step %d hangs", at)
		}
		after := m.State()
		if err != nil {
			if c := machine.CodeOf(err); c == machine.CodeInternal || !slices.Contains(machine.Codes, c) {
				t.Fatalf("step %d: %v", at, err)
			}
			testkit.Unchanged(t, fmt.Sprintf("step %d", at), before, after)
		}
		if !validState(after) {
			t.Fatalf("invalid state %+v", after)
		}
	})
}

// validState checks what must hold in every State.
func validState(s machine.State) bool {
	steps := []machine.Step{machine.StepIdle, machine.StepPassword, machine.StepChooseMethod,
		machine.StepCodeSent, machine.StepAuthenticated, machine.StepSignedOut}
	aal := func(a machine.AAL) bool { return a == "" || a == machine.AAL1 || a == machine.AAL2 }
	if !slices.Contains(steps, s.Step) || !aal(s.AAL) || !aal(s.RequestedAAL) {
		return false
	}
	switch s.Step {
	case machine.StepPassword, machine.StepChooseMethod, machine.StepCodeSent:
		return s.FlowID != "" && s.RequestedAAL != ""
	case machine.StepAuthenticated:
		return s.Session != nil && s.AAL != ""
	}
	return true
}

func TestReplayRecordedRuns(t *testing.T) {
	for _, name := range transcripts {
		t.Run(testkit.V131+"/"+name, func(t *testing.T) {
			xs := loadTranscript(t, name)
			rec := replay.New(base, xs)
			m, err := login.New(login.Options{BaseURL: base, Flow: kindOf(xs), Transport: rec, Now: recordedClock(t, xs)})
			if err != nil {
				t.Fatal(err)
			}
			for i, op := range happyOps {
				if err := op(m); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
			// One request per step, two for the browser flow's logout.
			want := len(happyOps) + map[machine.FlowKind]int{machine.FlowBrowser: 1}[kindOf(xs)]
			if st := m.State(); st.Step != machine.StepSignedOut || rec.Used() != want {
				t.Fatalf("ended in %s after %d exchanges, want %d", st.Step, rec.Used(), want)
			}
		})
	}
}

// base is the server the transcripts were recorded from.
const base = "http://127.0.0.1:4433"

func kindOf(xs []replay.Exchange) machine.FlowKind {
	if xs[0].Request.Credentials == "include" {
		return machine.FlowBrowser
	}
	return machine.FlowAPI
}
