//go:build !js

package ory_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// answerRun is one recorded run that FuzzAnswer replays: a transcript of
// one Kratos release (testkit's testdata/<version>/<kind>-<scenario>.json)
// with the scenario's steps (recordedScenarios).
type answerRun struct {
	version, name string
	xs            []replay.Exchange
	steps         []replayStep
	// answers are the recorded answers the steps get, one per request.
	answers []*transport.Response
}

// answerRuns are every release's recorded scenarios in both flow kinds,
// releases and scenarios in name order with the happy path first (so that
// a corpus entry's first two runs stay v1.3.1's api and browser happy
// paths). Each is replayed once to collect the answers its requests get.
func answerRuns(t testing.TB) []answerRun {
	scenarios := recordedScenarios(t)
	names := slices.Sorted(maps.Keys(scenarios))
	h := slices.Index(names, "happy")
	names = slices.Concat([]string{"happy"}, names[:h], names[h+1:])
	var runs []answerRun
	for _, version := range testkit.TranscriptVersions(t) {
		for _, name := range names {
			for _, kind := range kinds {
				r := answerRun{version: version, name: string(kind) + "-" + name, steps: scenarios[name]}
				r.xs = testkit.Transcript(t, version, r.name)
				rec := replay.New(base, r.xs)
				tr := transport.Func(func(ctx context.Context, req *transport.Request) (*transport.Response, error) {
					res, err := rec.Do(ctx, req)
					if err == nil {
						r.answers = append(r.answers, res)
					}
					return res, err
				})
				m, err := login.New(login.Options{BaseURL: base, Flow: kind, Transport: tr, Now: recordedClock(t, r.xs)})
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range r.steps {
					if _, err := s.do(m); err != nil {
						t.Fatalf("%s/%s step %d %s: %v", version, r.name, i+1, s.name, err)
					}
				}
				runs = append(runs, r)
			}
		}
	}
	return runs
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

// FuzzAnswer replays a recorded run (which: any release, scenario and flow
// kind of answerRuns) up to one of its requests (step), then gives that
// request and every later one of the same step an Ory-shaped answer of the
// fuzzer's making. Whatever the answer, the step ends in a valid state or
// a typed error that left the State as it was: no panic (the machine would
// turn one into CodeInternal), no hang, no code outside the closed set.
func FuzzAnswer(f *testing.F) {
	runs := answerRuns(f)
	for i, r := range runs {
		for step, a := range r.answers {
			f.Add(uint8(i), uint8(step), a.Status, a.Body)
		}
	}
	f.Add(uint8(0), uint8(1), 410, []byte(`{"error":{"id":"self_service_flow_expired","code":410},"use_flow_id":"x"}`))
	f.Add(uint8(1), uint8(1), 422, []byte(`{"error":{"id":"browser_location_change_required","code":422},"redirect_browser_to":"/?aal=aal2"}`))
	f.Add(uint8(0), uint8(4), 400, []byte(`{"id":"f","ui":{"nodes":[],"messages":[{"id":4000001,"text":"submitted too often","type":"error"}]}}`))
	f.Fuzz(func(t *testing.T, which, step uint8, status int, body []byte) {
		r := runs[int(which)%len(runs)]
		at := int(step) % len(r.answers)
		rec := replay.New(base, r.xs)
		sent := 0
		tr := transport.Func(func(ctx context.Context, req *transport.Request) (*transport.Response, error) {
			sent++
			if sent > at {
				return &transport.Response{Status: status, Body: body}, nil
			}
			return rec.Do(ctx, req)
		})
		// before is the State before the machine's latest call: a replay
		// step may make two (v1.3.1's step-up, then the send).
		var before machine.State
		m, err := login.New(login.Options{BaseURL: base, Flow: kindOf(r.xs), Transport: tr, Now: recordedClock(t, r.xs),
			OnChange: func(s machine.State) { before = s }})
		if err != nil {
			t.Fatal(err)
		}
		before = m.State()
		for i, s := range r.steps {
			done := make(chan error, 1)
			go func() { _, err := s.do(m); done <- err }()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("%s/%s step %d %s hangs", r.version, r.name, i+1, s.name)
			}
			if sent <= at {
				if err != nil {
					t.Fatalf("replaying %s/%s step %d %s: %v", r.version, r.name, i+1, s.name, err)
				}
				continue
			}
			after := m.State()
			if err != nil && !errors.As(err, new(mismatch)) {
				if c := machine.CodeOf(err); c == machine.CodeInternal || !slices.Contains(machine.Codes, c) {
					t.Fatalf("%s/%s step %d %s: %v", r.version, r.name, i+1, s.name, err)
				}
				testkit.Unchanged(t, fmt.Sprintf("step %d %s", i+1, s.name), before, after)
			}
			if !validState(after) {
				t.Fatalf("invalid state %+v", after)
			}
			return
		}
		t.Fatalf("%s/%s: request %d never sent", r.version, r.name, at)
	})
}

// validState checks what must hold in every State.
func validState(s machine.State) bool {
	steps := []machine.Step{machine.StepIdle, machine.StepIdentifier, machine.StepPassword, machine.StepChooseMethod,
		machine.StepCodeSent, machine.StepAuthenticated, machine.StepSignedOut}
	aal := func(a machine.AAL) bool { return a == "" || a == machine.AAL1 || a == machine.AAL2 }
	if !slices.Contains(steps, s.Step) || !aal(s.AAL) || !aal(s.RequestedAAL) {
		return false
	}
	switch s.Step {
	case machine.StepIdentifier, machine.StepPassword, machine.StepChooseMethod, machine.StepCodeSent:
		return s.FlowID != "" && s.RequestedAAL != ""
	case machine.StepAuthenticated:
		return s.Session != nil && s.AAL != ""
	}
	return true
}

// base is the server the transcripts were recorded from.
const base = "http://127.0.0.1:4433"

func kindOf(xs []replay.Exchange) machine.FlowKind {
	if xs[0].Request.Credentials == "include" {
		return machine.FlowBrowser
	}
	return machine.FlowAPI
}

// TestFuzzAnswerRunsEveryRelease keeps FuzzAnswer honest: its runs, and so
// its seeds, come from every recorded release, each with every scenario in
// both flow kinds.
func TestFuzzAnswerRunsEveryRelease(t *testing.T) {
	runs, seeds := map[string]int{}, map[string]int{}
	for _, r := range answerRuns(t) {
		runs[r.version]++
		seeds[r.version] += len(r.answers)
	}
	for _, v := range testkit.TranscriptVersions(t) {
		if want := 2 * len(recordedScenarios(t)); runs[v] != want || seeds[v] == 0 {
			t.Errorf("%s: %d runs, %d seeds; want %d runs", v, runs[v], seeds[v], want)
		}
		t.Logf("%s: %d runs, %d seeds", v, runs[v], seeds[v])
	}
}
