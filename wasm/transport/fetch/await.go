//go:build js && wasm

package fetch

import (
	"context"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// Await waits until the JS promise p settles, for the module's promises
// other than requests (the WebAuthn ceremony), and returns its value, or
// its reason as a rejection error. When ctx ends first it calls abort,
// waits for p to settle (abort makes it reject), and returns ctx.Err(). Its
// two then/catch callbacks only send on a buffered channel, so they never
// block JS; they count in LiveCallbacks and are released before Await
// returns.
func Await(ctx context.Context, p jsx.Value, abort func()) (jsx.Value, error) {
	type settled struct {
		value    jsx.Value
		rejected bool
	}
	ch := make(chan settled, 2)
	onValue := newFunc(func(v jsx.Value) { ch <- settled{value: v} })
	onReason := newFunc(func(v jsx.Value) { ch <- settled{value: v, rejected: true} })
	if _, err := p.Call("then", onValue, onReason); err != nil {
		release(onValue)
		release(onReason)
		return jsx.Undefined(), wrap("not a promise: "+err.Error(), err)
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
			return jsx.Undefined(), ctx.Err() // leaves both callbacks alive on purpose
		}
		release(onValue)
		release(onReason)
		return jsx.Undefined(), ctx.Err()
	}
	release(onValue)
	release(onReason)
	if s.rejected {
		return jsx.Undefined(), rejection{reason: s.value}
	}
	return s.value, nil
}

// newFunc makes a JS callback that hands its first argument to fn.
func newFunc(fn func(jsx.Value)) jsx.Func {
	f := jsx.FuncOf(func(_ jsx.Value, args []jsx.Value) any {
		wakes.Add(1)
		v := jsx.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		fn(v)
		return nil
	})
	liveFuncs.Add(1)
	return f
}

func release(f jsx.Func) {
	f.Release()
	liveFuncs.Add(-1)
}
