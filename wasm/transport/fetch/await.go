//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hack-pad/safejs"
)

// abortGrace bounds how long await waits for a promise to settle after it
// aborted it. fetch and arrayBuffer reject at once on abort; the bound only
// matters for a broken environment, where await gives up and leaves its two
// callbacks alive rather than release functions JS may still call.
const abortGrace = 10 * time.Second

// liveFuncs counts the callbacks that await has made and not yet released.
// Tests check that it returns to zero.
var liveFuncs atomic.Int64

// LiveCallbacks returns how many JS callbacks the transport has made and
// not yet released, for leak checks (OryLogin.stats()).
func LiveCallbacks() int64 { return liveFuncs.Load() }

// settled is the outcome of a JS promise.
type settled struct {
	value    safejs.Value
	rejected bool
}

// rejection is a JS promise's rejection reason as an error.
type rejection struct{ reason safejs.Value }

// Error returns the reason's text (its "name: message" for an Error).
func (r rejection) Error() string {
	s, err := r.reason.Call("toString")
	if err != nil {
		return "promise rejected"
	}
	text, err := s.String()
	if err != nil {
		return "promise rejected"
	}
	return text
}

// await waits until p settles and returns its value, or its reason as a
// rejection error. When ctx ends first it calls abort, waits for p to settle
// (abort makes it reject), and returns ctx.Err(). The then/catch callbacks
// only send on a buffered channel, so they never block JS, and they are
// released before await returns.
func await(ctx context.Context, p safejs.Value, abort func()) (safejs.Value, error) {
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

// Await waits until the JS promise p settles, as the transport's own
// requests do (see await), for the module's other promises: the WebAuthn
// ceremony. Its callbacks count in LiveCallbacks.
func Await(ctx context.Context, p safejs.Value, abort func()) (safejs.Value, error) {
	return await(ctx, p, abort)
}
