//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hack-pad/safejs"
)

// Await waits until the JS promise p settles, for the module's promises
// other than requests (the WebAuthn ceremony), and returns its value, or
// its reason as a rejection error. When ctx ends first it calls abort,
// waits for p to settle (abort makes it reject), and returns ctx.Err(). Its
// two then/catch callbacks only send on a buffered channel, so they never
// block JS; they count in LiveCallbacks and are released before Await
// returns.
func Await(ctx context.Context, p safejs.Value, abort func()) (safejs.Value, error) {
	type settled struct {
		value    safejs.Value
		rejected bool
	}
	ch := make(chan settled, 2)
	onValue, err := newFunc(func(v safejs.Value) { ch <- settled{value: v} })
	if err != nil {
		return safejs.Undefined(), err
	}
	onReason, err := newFunc(func(v safejs.Value) { ch <- settled{value: v, rejected: true} })
	if err != nil {
		release(onValue)
		return safejs.Undefined(), err
	}
	if _, err := p.Call("then", onValue, onReason); err != nil {
		release(onValue)
		release(onReason)
		return safejs.Undefined(), fmt.Errorf("not a promise: %w", err)
	}
	var s settled
	select {
	case s = <-ch:
	case <-ctx.Done():
		abort()
		grace := time.NewTimer(abortGrace)
		defer grace.Stop()
		select {
		case <-ch:
		case <-grace.C:
			return safejs.Undefined(), ctx.Err() // leaves both callbacks alive on purpose
		}
		release(onValue)
		release(onReason)
		return safejs.Undefined(), ctx.Err()
	}
	release(onValue)
	release(onReason)
	if s.rejected {
		return safejs.Undefined(), rejection{reason: s.value}
	}
	return s.value, nil
}

// newFunc makes a JS callback that hands its first argument to fn.
func newFunc(fn func(safejs.Value)) (safejs.Func, error) {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		wakes.Add(1)
		v := safejs.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		fn(v)
		return nil
	})
	if err != nil {
		return f, errors.New("cannot make a JS callback")
	}
	liveFuncs.Add(1)
	return f, nil
}

func release(f safejs.Func) {
	f.Release()
	liveFuncs.Add(-1)
}
