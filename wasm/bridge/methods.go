//go:build js && wasm

package bridge

import (
	"context"

	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport/fetch"
)

// op is one checked call on the machine; it returns a value for fromJSON.
type op func(ctx context.Context, m *machine.Machine) (any, error)

// parser checks a method's arguments and returns its op.
type parser func(args []jsx.Value) (op, error)

// exportClientMethods makes the client methods: the Promise-returning
// steps, and the synchronous on, exchanges and state getter. newClient
// binds them to each client.
func (b *Bridge) exportClientMethods() error {
	steps := map[string]parser{
		contract.FnStartLogin:         b.parseStartLogin,
		contract.FnSubmitPassword:     b.parseSubmitPassword,
		contract.FnSubmitIdentifier:   b.oneString("identifier", machine.MaxIdentifierLen, (*machine.Machine).SubmitIdentifier),
		contract.FnSubmitTOTP:         b.oneString("code", machine.MaxCodeLen, (*machine.Machine).SubmitTOTP),
		contract.FnSubmitLookupSecret: b.oneString("code", machine.MaxCodeLen, (*machine.Machine).SubmitLookupSecret),
		contract.FnSignInWithPasskey:  b.parseSignInWithPasskey,
		contract.FnSignInWithKey:      noArgs((*machine.Machine).SignInWithSecurityKey),
		contract.FnStartStepUp:        noArgs((*machine.Machine).StartStepUp),
		contract.FnSendCode:           b.parseSendCode,
		contract.FnSubmitCode:         b.oneString("code", machine.MaxCodeLen, (*machine.Machine).SubmitCode),
		contract.FnResendCode:         noArgs((*machine.Machine).ResendCode),
		contract.FnWhoami:             whoami,
		contract.FnLogout:             noArgs((*machine.Machine).Logout),
	}
	for name, parse := range steps {
		fn, err := b.export("async", name, func(_ jsx.Value, args []jsx.Value) (any, error) {
			c, _, args, err := b.clientOf(args)
			if err != nil {
				return nil, err
			}
			if name == contract.FnSignInWithPasskey {
				if autofill, err := b.autofillArg(args); err == nil && autofill {
					return b.awaitAutofill(c)
				}
			}
			return b.call(c, name, args, parse) // bad options are the parser's: after busy
		})
		if err != nil {
			return err
		}
		b.methods[name] = fn
	}
	for name, fn := range map[string]goFunc{contract.FnOn: b.on, contract.FnExchanges: b.exchanges} {
		v, err := b.export("sync", name, fn)
		if err != nil {
			return err
		}
		b.methods[name] = v
	}
	var err error
	if b.stateGetter, err = b.export("sync", contract.FnState, b.state); err != nil {
		return err
	}
	b.unsubscribe, err = b.export("sync", "unsubscribe", b.off)
	return err
}

// call runs one step of c: busy first, then the arguments, then the work
// in a goroutine behind a Promise. See the package doc for the order of
// state, listeners and resolution.
func (b *Bridge) call(c *client, name string, args []jsx.Value, parse parser) (any, error) {
	if !c.acquire() {
		return nil, busyError()
	}
	run, err := parse(args)
	if err != nil {
		c.finish()
		return nil, err
	}
	c.begin()
	p, err := b.promiseOf(func() (any, error) { return b.work(c, name, run) })
	if err != nil {
		c.finish()
		return nil, err
	}
	return p, nil
}

// work runs the acquired and begun call of c in its goroutine: the op,
// then the end of the call, the "change" listeners and the value. The op
// starts at once, inside the method call, so that its request is in the
// loader's hands when the call returns (fetch goes out a microtask later,
// see request in web/orylogin.js); an op that never gives JS control back (the
// offline Ory, a refusal before any request) yields to JS first (see
// yieldToJS), so that listeners never run inside a method call. The
// offline Ory's ops run after the call, as their whole work is in Go.
func (b *Bridge) work(c *client, name string, run op) (any, error) {
	finished := false
	defer func() {
		if !finished { // a panic: end the call all the same
			c.finish()
		}
	}()
	hook("work:" + name)
	if c.inModule {
		yieldToJS()
	}
	wakes := fetch.Wakes()
	v, err := run(context.Background(), c.m)
	if !c.inModule && fetch.Wakes() == wakes {
		yieldToJS()
	}
	s := c.finish()
	finished = true
	if s != nil {
		b.emit(c, *s)
	}
	return v, err
}

// stateResult adapts a machine step's result to an op's.
func stateResult(s machine.State, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return contract.FromMachine(s), nil
}

// noArgs is the parser of a step without arguments; extra arguments are
// ignored, as JS functions do.
func noArgs(step func(*machine.Machine, context.Context) (machine.State, error)) parser {
	return func([]jsx.Value) (op, error) {
		return func(ctx context.Context, m *machine.Machine) (any, error) {
			return stateResult(step(m, ctx))
		}, nil
	}
}

// startLogin({aal?, refresh?, returnTo?})
func (b *Bridge) parseStartLogin(args []jsx.Value) (op, error) {
	var r machine.FlowRequest
	obj, ok, err := b.objectArg(args, 0, "options", true)
	if err != nil || !ok {
		return startLogin(r), err
	}
	aal, ok, err := stringField(obj, "aal", 8, false)
	if err != nil {
		return nil, err
	}
	if ok {
		if aal != string(machine.AAL1) && aal != string(machine.AAL2) {
			return nil, invalid(`aal must be "aal1" or "aal2"`)
		}
		r.AAL = machine.AAL(aal)
	}
	if r.Refresh, _, err = boolField(obj, "refresh"); err != nil {
		return nil, err
	}
	if r.ReturnTo, _, err = stringField(obj, "returnTo", machine.MaxReturnToLen, false); err != nil {
		return nil, err
	}
	return startLogin(r), nil
}

func startLogin(r machine.FlowRequest) op {
	return func(ctx context.Context, m *machine.Machine) (any, error) {
		return stateResult(m.StartLogin(ctx, r))
	}
}

// submitPassword({identifier, password})
func (b *Bridge) parseSubmitPassword(args []jsx.Value) (op, error) {
	obj, _, err := b.objectArg(args, 0, "credentials", false)
	if err != nil {
		return nil, err
	}
	id, _, err := stringField(obj, "identifier", machine.MaxIdentifierLen, false)
	if err != nil {
		return nil, err
	}
	pw, _, err := stringField(obj, "password", machine.MaxPasswordLen, true)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, m *machine.Machine) (any, error) {
		return stateResult(m.SubmitPassword(ctx, id, pw))
	}, nil
}

// sendCode({address?, identifier?}): identifier names the passwordless
// login code's recipient; the machine takes either as the one address.
func (b *Bridge) parseSendCode(args []jsx.Value) (op, error) {
	var addr string
	obj, ok, err := b.objectArg(args, 0, "options", true)
	if err != nil {
		return nil, err
	}
	if ok {
		if addr, _, err = stringField(obj, "address", machine.MaxIdentifierLen, false); err != nil {
			return nil, err
		}
		id, hasID, err := stringField(obj, "identifier", machine.MaxIdentifierLen, false)
		if err != nil {
			return nil, err
		}
		if hasID && addr != "" && id != addr {
			return nil, invalid("give address or identifier, not both")
		}
		if hasID {
			addr = id
		}
	}
	return func(ctx context.Context, m *machine.Machine) (any, error) {
		return stateResult(m.SendCode(ctx, addr))
	}, nil
}

// oneString is the parser of the calls that take one required string
// field: submitCode, submitTotp and submitLookupSecret ({code}),
// submitIdentifier ({identifier}).
func (b *Bridge) oneString(key string, max int, step func(*machine.Machine, context.Context, string) (machine.State, error)) parser {
	return func(args []jsx.Value) (op, error) {
		obj, _, err := b.objectArg(args, 0, "options", false)
		if err != nil {
			return nil, err
		}
		v, _, err := stringField(obj, key, max, true)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, m *machine.Machine) (any, error) {
			return stateResult(step(m, ctx, v))
		}, nil
	}
}

// signInWithPasskey({autofill?}): without autofill the modal ceremony
// (autofill: true is taken apart before, see awaitAutofill); options that
// are not valid reject here, after the busy check, as every call's do.
func (b *Bridge) parseSignInWithPasskey(args []jsx.Value) (op, error) {
	if _, err := b.autofillArg(args); err != nil {
		return nil, err
	}
	return noArgs((*machine.Machine).SignInWithPasskey)(args)
}

// autofillArg reads signInWithPasskey's optional {autofill}.
func (b *Bridge) autofillArg(args []jsx.Value) (bool, error) {
	obj, ok, err := b.objectArg(args, 0, "options", true)
	if err != nil || !ok {
		return false, err
	}
	autofill, _, err := boolField(obj, "autofill")
	return autofill, err
}

// awaitAutofill is signInWithPasskey({autofill: true}): the wait for the
// person to pick a passkey from the browser's autofill is no call in
// flight (other calls go on, and each that moves the login ends the wait:
// webauthn_cancelled); the passkey picked is then posted as a call of its
// own. Busy is still checked first.
func (b *Bridge) awaitAutofill(c *client) (any, error) {
	if !c.acquire() {
		return nil, busyError()
	}
	c.finish() // only the check: the wait itself holds nothing
	p, err := b.promiseOf(func() (any, error) {
		picked, err := c.m.AwaitPasskeyAutofill(context.Background())
		if err != nil {
			return nil, err
		}
		if !c.acquire() {
			return nil, busyError()
		}
		c.begin()
		return b.work(c, contract.FnSignInWithPasskey, func(ctx context.Context, m *machine.Machine) (any, error) {
			return stateResult(m.SubmitPasskeyAutofill(ctx, picked))
		})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// whoami() resolves with the Session or null.
func whoami([]jsx.Value) (op, error) {
	return func(ctx context.Context, m *machine.Machine) (any, error) {
		sess, _, err := m.WhoAmI(ctx)
		if err != nil {
			return nil, err
		}
		return contract.SessionOf(sess), nil
	}, nil
}

// state is the client.state getter.
func (b *Bridge) state(_ jsx.Value, args []jsx.Value) (any, error) {
	c, _, _, err := b.clientOf(args)
	if err != nil {
		return nil, err
	}
	return b.fromJSON(contract.FromMachine(c.m.State()))
}
