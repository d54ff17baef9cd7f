//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/transport"
)

// abortGrace bounds how long send waits for the helper to settle after it
// aborted the request. fetch and arrayBuffer reject at once on abort; the
// bound only matters for a broken environment, where send gives up and
// leaves its callback alive rather than release a function JS may still
// call.
const abortGrace = 10 * time.Second

// liveFuncs counts the callbacks that send has made and not yet released.
// Tests check that it returns to zero.
var liveFuncs atomic.Int64

// LiveCallbacks returns how many JS callbacks the transport has made and
// not yet released, for leak checks (OryLogin.stats()).
func LiveCallbacks() int64 { return liveFuncs.Load() }

// wantedHeaders is transport.ResponseHeaders as the helper takes them.
var wantedHeaders = strings.Join(transport.ResponseHeaders, "\n")

// readCap is how many body bytes a Transport keeps: one more than the
// adapter accepts, so that it can tell an oversized body.
const readCap = transport.MaxBodyBytes + 1

// send has the helper perform one request and waits until it settles:
// the HTTP answer, or the helper's rejection reason as a rejection error.
// When ctx ends first it aborts the request, waits for the helper to
// settle (abort makes it), and returns ctx.Err(). The settle callback only
// sends on a buffered channel, so it never blocks JS, and it is released
// before send returns.
func (t *Transport) send(ctx context.Context, method, url, headers string, body []byte,
	credentials transport.Credentials, mode string) (answer, error) {
	if t.request.Type() != safejs.TypeFunction {
		return answer{}, errNoHelper
	}
	jsBody := safejs.Undefined()
	if body != nil {
		b, err := t.bytesToJS(body)
		if err != nil {
			return answer{}, err
		}
		jsBody = b
	}
	ch := make(chan []safejs.Value, 1)
	settle, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		ch <- args
		return nil
	})
	if err != nil {
		return answer{}, errors.New("cannot make a JS callback")
	}
	liveFuncs.Add(1)
	abort, err := t.request.Invoke(method, url, headers, jsBody, credentials == transport.CredentialsInclude,
		timeoutMs(ctx), wantedHeaders, readCap, mode, settle)
	if err != nil {
		release(settle)
		return answer{}, err
	}

	var args []safejs.Value
	select {
	case args = <-ch:
	case <-ctx.Done():
		abort.Invoke()
		grace := time.NewTimer(abortGrace)
		defer grace.Stop()
		select {
		case <-ch:
		case <-grace.C:
			return answer{}, ctx.Err() // leaves the callback alive on purpose
		}
		release(settle)
		return answer{}, ctx.Err()
	}
	release(settle)
	return settled(args)
}

// bytesToJS copies b into a new Uint8Array.
func (t *Transport) bytesToJS(b []byte) (safejs.Value, error) {
	if t.uint8Array.Type() != safejs.TypeFunction {
		return safejs.Undefined(), errors.New("Uint8Array is not available")
	}
	v, err := t.uint8Array.New(len(b))
	if err != nil {
		return v, err
	}
	_, err = safejs.CopyBytesToJS(v, b)
	return v, err
}

func release(f safejs.Func) {
	f.Release()
	liveFuncs.Add(-1)
}

// timeoutMs is ctx's time left in whole milliseconds, rounded up, for the
// helper's own timer; 0 (no timer) when ctx has no deadline.
func timeoutMs(ctx context.Context) int {
	d, ok := ctx.Deadline()
	if !ok {
		return 0
	}
	ms := math.Ceil(float64(time.Until(d)) / float64(time.Millisecond))
	return int(max(1, min(ms, math.MaxInt32)))
}

// headerLines is h as the helper takes request headers: "name\nvalue"
// lines. Header names and values never hold a line break (fetch refuses
// them), so the lines cannot be confused.
func headerLines(h map[string]string) string {
	var b strings.Builder
	for k, v := range h {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k)
		b.WriteByte('\n')
		b.WriteString(v)
	}
	return b.String()
}
