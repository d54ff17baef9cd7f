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
func (b *Bridge) promiseOf(work func() (safejs.Value, error)) (safejs.Value, error) {
	exec, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if len(args) < 2 {
			return nil
		}
		go b.settle(args[0], args[1], work)
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
func (b *Bridge) settle(resolve, reject safejs.Value, work func() (safejs.Value, error)) {
	yieldToJS()
	v, err := recovered(work)
	if err == nil {
		if _, err = resolve.Invoke(v); err == nil {
			return
		}
		err = internalError()
	}
	reject.Invoke(b.jsError(err))
}

// recovered runs work, turning a panic into an internal error.
func recovered(work func() (safejs.Value, error)) (v safejs.Value, err error) {
	defer func() {
		if recover() != nil {
			v, err = safejs.Undefined(), internalError()
		}
	}()
	return work()
}

// yieldToJS returns once JS has finished what it is doing (a microtask
// later). Go runs every runnable goroutine before it returns from a JS
// callback, so without this a call whose work never blocks (the offline
// Ory) would finish, and fire its listeners, inside the method call
// itself: a listener that calls the client again would recurse.
func yieldToJS() {
	ch := make(chan struct{}, 1)
	f, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		ch <- struct{}{}
		return nil
	})
	if err != nil {
		return
	}
	liveFuncs.Add(1)
	defer func() {
		f.Release()
		liveFuncs.Add(-1)
	}()
	if _, err := safejs.Global().Call("queueMicrotask", f); err != nil {
		return
	}
	<-ch
}
