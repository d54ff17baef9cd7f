//go:build !js

package ory_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

// methodStep is one call of a method beyond password and e-mail code that
// meets a fault; until it, the steps before run unbroken.
type methodStep struct {
	name string
	do   func(m *machine.Machine) (machine.State, error)
	// faulted: the call meets each fault; else it only moves the login on.
	faulted bool
}

// TestFaultsOnEveryMethodsCall gives the calls of issue 12's methods the
// same broken answers as the password and code steps (faultCases) on real
// Kratos, both flow kinds: refresh, a TOTP code, a backup code, a code by
// SMS, the identifier-first screen and the passwordless login code. Each
// fault is a typed error that leaves the State as it was, and the next
// try of the same call goes out and works. The codes submitted are wrong
// ones, so that an answer broken after Kratos took it spends no secret.
func TestFaultsOnEveryMethodsCall(t *testing.T) {
	person := func(t *testing.T, srv *kratoslocal.Server) (string, string) {
		n := time.Now().UnixNano()
		email, password := fmt.Sprintf("faults%d@example.com", n), fmt.Sprintf("canary-PW-%d", n)
		if _, err := srv.CreateIdentity(bg, email, password); err != nil {
			t.Fatal(err)
		}
		return email, password
	}
	setups := []struct {
		name  string
		steps func(t *testing.T, srv *kratoslocal.Server) []methodStep
		lazy  *testkit.Kratos
	}{
		{"factors", func(t *testing.T, srv *kratoslocal.Server) []methodStep {
			p := newFactorPerson(t, srv)
			return []methodStep{
				{"startLogin", func(m *machine.Machine) (machine.State, error) { return m.StartLogin(bg, machine.FlowRequest{}) }, false},
				{"submitPassword", func(m *machine.Machine) (machine.State, error) { return m.SubmitPassword(bg, p.email, p.password) }, false},
				{"startLogin refresh", func(m *machine.Machine) (machine.State, error) {
					return m.StartLogin(bg, machine.FlowRequest{Refresh: true})
				}, true},
				{"submitPassword refresh", func(m *machine.Machine) (machine.State, error) { return m.SubmitPassword(bg, "", p.password) }, false},
				{"startStepUp", func(m *machine.Machine) (machine.State, error) { return m.StartStepUp(bg) }, false},
				{"submitTotp", func(m *machine.Machine) (machine.State, error) { return m.SubmitTOTP(bg, "000000") }, true},
				{"submitLookupSecret", func(m *machine.Machine) (machine.State, error) { return m.SubmitLookupSecret(bg, "zzzzzzzz") }, true},
				{"sendCode phone", func(m *machine.Machine) (machine.State, error) { return m.SendCode(bg, p.phone) }, true},
			}
		}, kratosFactors},
		{"identifier first", func(t *testing.T, srv *kratoslocal.Server) []methodStep {
			email, _ := person(t, srv)
			return []methodStep{
				{"startLogin", func(m *machine.Machine) (machine.State, error) { return m.StartLogin(bg, machine.FlowRequest{}) }, false},
				{"submitIdentifier", func(m *machine.Machine) (machine.State, error) { return m.SubmitIdentifier(bg, email) }, true},
			}
		}, kratosIDFirst},
		{"passwordless code", func(t *testing.T, srv *kratoslocal.Server) []methodStep {
			email, _ := person(t, srv)
			return []methodStep{
				{"startLogin", func(m *machine.Machine) (machine.State, error) { return m.StartLogin(bg, machine.FlowRequest{}) }, false},
				{"sendCode identifier", func(m *machine.Machine) (machine.State, error) { return m.SendCode(bg, email) }, true},
				{"submitCode", func(m *machine.Machine) (machine.State, error) { return m.SubmitCode(bg, "000000") }, true},
			}
		}, kratosCode},
	}
	for _, s := range setups {
		for _, kind := range kinds {
			t.Run(s.name+"/"+string(kind), func(t *testing.T) {
				srv := s.lazy.Server(t)
				for _, f := range faultCases {
					t.Run(f.name, func(t *testing.T) {
						ft := &faulty{inner: httptransport.New(), fault: f.fault, pass: f.pass}
						m, err := login.New(login.Options{BaseURL: srv.PublicURL, Flow: kind, Transport: ft})
						if err != nil {
							t.Fatal(err)
						}
						for _, st := range s.steps(t, srv) {
							if st.faulted {
								before := m.State()
								ft.armed.Store(true)
								_, err := st.do(m)
								if machine.CodeOf(err) != f.code {
									t.Fatalf("%s under %s: error %v, want %s", st.name, f.name, err, f.code)
								}
								testkit.Unchanged(t, st.name+" under a fault", before, m.State())
							}
							n := ft.sent.Load()
							if _, err := st.do(m); err != nil {
								t.Fatalf("%s: %v", st.name, err)
							}
							if ft.sent.Load() == n {
								t.Fatalf("%s sent nothing", st.name)
							}
						}
					})
				}
			})
		}
	}
}
