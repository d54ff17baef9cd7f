//go:build js && wasm

package bridge

import (
	"github.com/hack-pad/safejs"
)

// promiseOf returns a new Promise and settles it from a new goroutine with
// what work returns: resolved with its value, rejected with its error as an
// OryLoginError. A panic in work rejects with code "internal". The
// executor's callback returns at once and is released as soon as the
// Promise exists (the executor runs synchronously).
func (b *Bridge) promiseOf(name string, work func() (safejs.Value, error)) (safejs.Value, error) {
	exec, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if len(args) < 2 {
			return nil
		}
		go b.settle(name, args[0], args[1], work)
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	liveFuncs.Add(1)
	defer func() {
		exec.Release()
		liveFuncs.Add(-1)
	}()
	return b.promise.New(exec)
}

// settle runs work and settles the Promise whose resolve and reject
// functions are given.
func (b *Bridge) settle(name string, resolve, reject safejs.Value, work func() (safejs.Value, error)) {
	v, err := recovered(name, work)
	if err == nil {
		if _, err = resolve.Invoke(v); err == nil {
			return
		}
		err = internalError()
	}
	reject.Invoke(b.jsError(err))
}

// recovered runs work, turning a panic into an internal error.
func recovered(name string, work func() (safejs.Value, error)) (v safejs.Value, err error) {
	defer func() {
		if recover() != nil {
			v, err = safejs.Undefined(), internalError()
		}
	}()
	hook("work:" + name)
	return work()
}
