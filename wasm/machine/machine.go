package machine

import (
	"context"
	"sync"
	"time"
)

// Options configure a Machine.
type Options struct {
	Ory Ory
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnChange, if set, is called with the new State after every transition,
	// outside the machine's lock, in the goroutine of the step.
	OnChange func(State)
	// Authenticator is the platform's WebAuthn (a browser with
	// navigator.credentials); nil means there is none, and passkeys and
	// security keys are never offered in State.Methods.
	Authenticator Authenticator
}

// Machine is one person's login. Its methods are safe for concurrent use but
// serialised: a call while another is in flight fails with CodeBusy.
type Machine struct {
	ory      Ory
	now      func() time.Time
	onChange func(State)
	authn    Authenticator

	mu   sync.Mutex
	busy bool
	cur  snapshot
	// autofill is the passkey autofill waiting for the person, nil when
	// none (see AwaitPasskeyAutofill).
	autofill *autofillWait
}

// snapshot is everything a step may change. A step works on a copy and the
// machine keeps it only when the step succeeds, so a failed step leaves no
// half transition behind.
type snapshot struct {
	state State
	flow  *Flow
	// address is where the last code went, for resends.
	address string
	// hasSession is true once Ory has shown that a session exists, even
	// where it did not hand it out (browser 422, whoami 403).
	hasSession bool
	// sessionSeen is set by a step that failed but showed that a session
	// exists (whoami's aal2_required): the machine keeps that one fact of
	// the failed step, under its lock, so no concurrent step can lose it.
	sessionSeen bool
}

// New returns a Machine in StepIdle.
func New(o Options) *Machine {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	return &Machine{
		ory:      o.Ory,
		now:      now,
		onChange: o.OnChange,
		authn:    o.Authenticator,
		cur:      snapshot{state: State{Step: StepIdle, FlowKind: o.Ory.Kind()}},
	}
}

// State returns a copy of the current State.
func (m *Machine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur.state.clone()
}

// guard says whether a step may run from s; it returns false for
// invalid_transition.
type guard func(s *snapshot) bool

// step runs work on a copy of the current snapshot. It fails with CodeBusy
// while another step runs and with CodeInvalidTransition when allowed says
// no; neither sends anything. On success the copy becomes current and
// OnChange is told.
func (m *Machine) step(ctx context.Context, allowed guard, work func(ctx context.Context, s *snapshot) error) (State, error) {
	return m.stepThat(ctx, allowed, true, work)
}

// stepThat is step; moves says whether the step moves the login on, and
// so ends a passkey autofill that waits (every step but whoami does).
func (m *Machine) stepThat(ctx context.Context, allowed guard, moves bool, work func(ctx context.Context, s *snapshot) error) (State, error) {
	m.mu.Lock()
	if m.busy {
		m.mu.Unlock()
		return State{}, NewError(CodeBusy, 0, "another call is in flight")
	}
	if !allowed(&m.cur) {
		m.mu.Unlock()
		return State{}, NewError(CodeInvalidTransition, 0, "the current step does not allow this call")
	}
	m.busy = true
	var ended *autofillWait
	if moves {
		ended = m.endAutofillLocked()
	}
	s := m.cur
	s.state = s.state.clone()
	m.mu.Unlock()
	ended.wait()

	err := m.safely(ctx, &s, work)

	m.mu.Lock()
	m.busy = false
	switch {
	case err == nil:
		s.sessionSeen = false
		m.cur = s
	case s.sessionSeen:
		m.cur.hasSession = true
	}
	out := m.cur.state.clone()
	m.mu.Unlock()
	if err != nil {
		return State{}, err
	}
	if m.onChange != nil {
		m.onChange(out.clone())
	}
	return out, nil
}

// safely runs work and turns a panic into CodeInternal, so that a bug in one
// step cannot leave the machine busy forever.
func (m *Machine) safely(ctx context.Context, s *snapshot, work func(context.Context, *snapshot) error) (err error) {
	defer func() {
		if recover() != nil {
			err = NewError(CodeInternal, 0, "internal error")
		}
	}()
	return work(ctx, s)
}
