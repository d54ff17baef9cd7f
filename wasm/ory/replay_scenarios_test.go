//go:build !js

package ory_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// replayStep is one call of a recorded scenario and what it must end in:
// the step, and message ids the State must hold.
type replayStep struct {
	name string
	do   func(m *machine.Machine) (machine.State, error)
	step machine.Step
	ids  []int
}

// The recorder's phone and stand-ins (wasm/offline's TestRecord).
const (
	transcriptPhone = "+4915112345678"
	olderCode       = "000001" // the code mailed before the newest one
)

// toCode is the step-up of a recorded run in either release: Kratos v26
// mailed the code on creating the aal2 flow (code_sent, 1010014, the
// address in the State); v1.3.1 offers the address (choose_method, 1010004)
// and the send follows. Both end in code_sent to transcriptEmail.
func toCode(name string, do func(m *machine.Machine) (machine.State, error)) replayStep {
	return replayStep{name: name, step: machine.StepCodeSent, ids: []int{1010014}, do: func(m *machine.Machine) (machine.State, error) {
		st, err := do(m)
		if err != nil || st.Step != machine.StepChooseMethod {
			return st, err
		}
		if !slices.Contains(messageIDs(st), 1010004) {
			return st, mismatchf("choose_method without 1010004: %+v", st.Messages)
		}
		return m.SendCode(bg, "")
	}}
}

// mismatch is a replay step's own check failing after the machine's calls
// succeeded: Ory's answer was not the recorded one. FuzzAnswer, whose
// answers need not be, tells it from the machine's errors by its type.
type mismatch struct{ error }

func mismatchf(format string, a ...any) error { return mismatch{fmt.Errorf(format, a...)} }

func replayCall(name string, step machine.Step, do func(m *machine.Machine) (machine.State, error), ids ...int) replayStep {
	return replayStep{name: name, do: do, step: step, ids: ids}
}

var (
	rStart    = replayCall("startLogin", machine.StepPassword, func(m *machine.Machine) (machine.State, error) { return m.StartLogin(bg, machine.FlowRequest{}) })
	rPassword = replayCall("submitPassword", machine.StepAuthenticated, func(m *machine.Machine) (machine.State, error) {
		return m.SubmitPassword(bg, transcriptEmail, replay.PlaceholderPassword)
	})
	rStepUp       = toCode("startStepUp", func(m *machine.Machine) (machine.State, error) { return m.StartStepUp(bg) })
	rChooseFactor = replayCall("startStepUp (several factors)", machine.StepChooseMethod, func(m *machine.Machine) (machine.State, error) { return m.StartStepUp(bg) }, 1010004)
	rCode         = func(code string, step machine.Step, ids ...int) replayStep {
		return replayCall("submitCode "+code, step, func(m *machine.Machine) (machine.State, error) { return m.SubmitCode(bg, code) }, ids...)
	}
	rAAL2   = rCode(replay.PlaceholderCode, machine.StepAuthenticated)
	rWhoAmI = replayCall("whoami", machine.StepAuthenticated, func(m *machine.Machine) (machine.State, error) {
		sess, st, err := m.WhoAmI(bg)
		if err == nil && (sess == nil || sess.AAL != machine.AAL2) {
			err = mismatchf("whoami: %+v", sess)
		}
		return st, err
	})
	rLogout = replayCall("logout", machine.StepSignedOut, func(m *machine.Machine) (machine.State, error) { return m.Logout(bg) })
)

// placeholder is the test kit's stand-in for a secret key's value.
func placeholder(t testing.TB, key string) string {
	p, ok := testkit.Placeholder(key)
	if !ok {
		t.Fatalf("no placeholder for %s", key)
	}
	return p
}

// recordedScenarios are the recorder's transcripts (every release, both
// flow kinds) driven through the adapter and the machine, as a page would
// call them. "five-attempts" is left to the offline Ory's replay
// (TestRecordedConformance) and the classifier's tests: after the limit
// the recording goes on posting to the dead flow, where the machine starts
// a new one.
func recordedScenarios(t testing.TB) map[string][]replayStep {
	totpCode, backupCode := placeholder(t, "totp_code"), placeholder(t, "lookup_secret")
	totp := func(step machine.Step, ids ...int) replayStep {
		return replayCall("submitTotp", step, func(m *machine.Machine) (machine.State, error) { return m.SubmitTOTP(bg, totpCode) }, ids...)
	}
	lookup := func(step machine.Step, ids ...int) replayStep {
		return replayCall("submitLookupSecret", step, func(m *machine.Machine) (machine.State, error) { return m.SubmitLookupSecret(bg, backupCode) }, ids...)
	}
	identifier := func(id string, step machine.Step) replayStep {
		return replayCall("submitIdentifier "+id, step, func(m *machine.Machine) (machine.State, error) { return m.SubmitIdentifier(bg, id) })
	}
	return map[string][]replayStep{
		"happy": {rStart, rPassword, rStepUp, rAAL2, rWhoAmI, rLogout},
		"resend": {rStart, rPassword, rStepUp,
			replayCall("resendCode", machine.StepCodeSent, func(m *machine.Machine) (machine.State, error) { return m.ResendCode(bg) }, 1010014),
			rCode(olderCode, machine.StepCodeSent, 4010008), rAAL2},
		"expired-aal1-flow": {rStart,
			replayCall("submitPassword on the expired flow", machine.StepPassword, func(m *machine.Machine) (machine.State, error) {
				return m.SubmitPassword(bg, transcriptEmail, replay.PlaceholderPassword)
			}, 4010001),
			rPassword},
		"expired-aal2-flow": {rStart, rPassword, rStepUp,
			toCode("submitCode on the expired flow", func(m *machine.Machine) (machine.State, error) { return m.SubmitCode(bg, olderCode) }),
			rAAL2},
		"whoami-highest_available": {rStart,
			toCode("submitPassword (highest_available)", func(m *machine.Machine) (machine.State, error) {
				return m.SubmitPassword(bg, transcriptEmail, replay.PlaceholderPassword)
			}),
			rAAL2, rWhoAmI, rLogout},
		"identifier-first": {
			replayCall("startLogin", machine.StepIdentifier, func(m *machine.Machine) (machine.State, error) { return m.StartLogin(bg, machine.FlowRequest{}) }),
			identifier("nobody-"+transcriptEmail, machine.StepIdentifier),
			identifier(transcriptEmail, machine.StepPassword),
			replayCall("submitPassword (wrong)", machine.StepPassword, func(m *machine.Machine) (machine.State, error) {
				return m.SubmitPassword(bg, "", replay.PlaceholderPassword)
			}, 4000006),
			replayCall("submitPassword", machine.StepAuthenticated, func(m *machine.Machine) (machine.State, error) {
				return m.SubmitPassword(bg, "", replay.PlaceholderPassword)
			}),
			rStepUp, rAAL2, rWhoAmI},
		"totp": {rStart, rPassword, rChooseFactor, totp(machine.StepChooseMethod, 4000008), totp(machine.StepAuthenticated), rWhoAmI},
		"backup-codes": {rStart, rPassword, rChooseFactor, lookup(machine.StepChooseMethod, 4000016), lookup(machine.StepAuthenticated), rWhoAmI,
			rLogout, rStart, rPassword, rChooseFactor, lookup(machine.StepChooseMethod, 4000012)},
		"passwordless-code": {rStart,
			replayCall("sendCode to an unknown identifier", machine.StepPassword, func(m *machine.Machine) (machine.State, error) { return m.SendCode(bg, "nobody-"+transcriptEmail) }, 4000035),
			rStart,
			replayCall("sendCode (identifier)", machine.StepCodeSent, func(m *machine.Machine) (machine.State, error) { return m.SendCode(bg, transcriptEmail) }, 1010014),
			rCode("111111", machine.StepCodeSent, 4010008),
			replayCall("submitCode (aal1)", machine.StepAuthenticated, func(m *machine.Machine) (machine.State, error) {
				st, err := m.SubmitCode(bg, replay.PlaceholderCode)
				if err == nil && (st.AAL != machine.AAL1 || st.Session == nil || !slices.Equal(st.Session.Methods, []string{"code"})) {
					err = mismatchf("passwordless session: %+v", st.Session)
				}
				return st, err
			})},
		"sms-code": {rStart, rPassword, rChooseFactor,
			replayCall("sendCode (phone)", machine.StepCodeSent, func(m *machine.Machine) (machine.State, error) { return m.SendCode(bg, transcriptPhone) }, 1010014),
			rAAL2, rWhoAmI},
	}
}

// transcriptEmail is the recorded identity's e-mail.
const transcriptEmail = "alice@example.com"

// TestReplayRecordedScenarios replays every recorded transcript of every
// Kratos release (v26.2.0 too, where no v26 binary is present) through the
// real adapter and machine: each step ends where it must, with Ory's
// message ids, and every request is one Kratos answered in the recording.
func TestReplayRecordedScenarios(t *testing.T) {
	scenarios := recordedScenarios(t)
	ran := 0
	for _, version := range testkit.TranscriptVersions(t) {
		for name, steps := range scenarios {
			for _, kind := range kinds {
				t.Run(version+"/"+string(kind)+"-"+name, func(t *testing.T) {
					xs := testkit.Transcript(t, version, string(kind)+"-"+name)
					if kindOf(xs) != kind {
						t.Fatalf("transcript of the %s flow", kindOf(xs))
					}
					rec := replay.New(base, xs)
					m, err := login.New(login.Options{BaseURL: base, Flow: kind, Transport: rec, Now: recordedClock(t, xs)})
					if err != nil {
						t.Fatal(err)
					}
					for i, s := range steps {
						st, err := s.do(m)
						if err != nil {
							t.Fatalf("step %d %s: %v", i+1, s.name, err)
						}
						if st.Step != s.step {
							t.Fatalf("step %d %s: %s, want %s; messages %v", i+1, s.name, st.Step, s.step, messageIDs(st))
						}
						for _, id := range s.ids {
							if !slices.Contains(messageIDs(st), id) {
								t.Fatalf("step %d %s: messages %v, want %d", i+1, s.name, messageIDs(st), id)
							}
						}
						// Where the code went: an aal2 flow's address, a
						// passwordless flow's identifier.
						to := append(slices.Clone(st.Addresses), st.Identifier)
						if st.Step == machine.StepCodeSent && !slices.Contains(to, transcriptEmail) && !slices.Contains(to, transcriptPhone) {
							t.Fatalf("step %d %s: code_sent to %v", i+1, s.name, to)
						}
					}
				})
				ran++
			}
		}
	}
	if want := 2 * len(scenarios) * 2; ran < want {
		t.Fatalf("%d recorded runs replayed, want at least %d (two releases, two flow kinds)", ran, want)
	}
}

func messageIDs(st machine.State) []int {
	var out []int
	for _, m := range st.Messages {
		out = append(out, m.ID)
	}
	return out
}
