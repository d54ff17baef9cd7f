//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/internal/secret"
	"github.com/orylogin/orylogin/wasm/transport"
)

// abortGrace bounds how long send waits for the helper to settle after it
// aborted the request. fetch and arrayBuffer reject at once on abort; the
// bound only matters for a broken environment, where send gives up and
// forgets the request (a late settle then finds no one waiting).
const abortGrace = 10 * time.Second

// liveFuncs counts the callbacks that the transport has made and not yet
// released. There is one, made on the first request and kept for the life
// of the module (settle, shared by every request): tests check that
// requests add none.
var liveFuncs atomic.Int64

// LiveCallbacks returns how many JS callbacks the transport has made and
// not yet released, for leak checks (OryLogin.stats()).
func LiveCallbacks() int64 { return liveFuncs.Load() }

// wakes counts the times JS has called this package's callbacks (an answer
// settled, a promise Await waited for settled): each is JS handing control
// back to Go after it had it.
var wakes atomic.Uint64

// Wakes returns how many times JS has woken a goroutine of this package.
// A goroutine that reads the same count before and after some work knows
// that the work never gave JS control back (the bridge's calls use this
// to run their listeners after the method call has returned).
func Wakes() uint64 { return wakes.Load() }

// readCap is how many body bytes a Transport keeps: one more than the
// adapter accepts, so that it can tell an oversized body.
const readCap = transport.MaxBodyBytes + 1

// shared is what every request hands the helper and is the same each time,
// made once: JS strings made from Go strings cost a crossing and a
// finalizer each, and a callback made per request more.
type shared struct {
	settle jsx.Func             // settle(id, reason, status, headers, body)
	wanted jsx.Value            // transport.ResponseHeaders, one a line
	values map[string]jsx.Value // methods, modes and redirect modes as JS strings

	mu      sync.Mutex
	headers map[string]jsx.Value // request header lines without a secret, as JS strings (see headerValue)
}

// maxHeaderValues bounds shared.headers. A client sends two sets of
// header lines without a secret (Accept; Accept and Content-Type), so a
// page with a few clients on different settings stays far below it.
const maxHeaderValues = 8

// constants are the fixed strings shared holds.
var constants = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "cors", "no-cors", "manual", "follow"}

// sharedOnce makes shared on the first request.
var sharedOnce = sync.OnceValues(func() (*shared, error) {
	s := &shared{values: map[string]jsx.Value{}, headers: map[string]jsx.Value{}}
	var err error
	if s.wanted, err = jsx.ValueOf(strings.Join(transport.ResponseHeaders, "\n")); err != nil {
		return nil, err
	}
	for _, c := range constants {
		if s.values[c], err = jsx.ValueOf(c); err != nil {
			return nil, err
		}
	}
	s.settle = jsx.FuncOf(settleRequest)
	liveFuncs.Add(1)
	return s, nil
})

// value is str as a JS value: the shared one for a constant.
func (s *shared) value(str string) any {
	if v, ok := s.values[str]; ok {
		return v
	}
	return str
}

// headerValue is the request header lines h as the helper takes them:
// the JS string made for the same lines before, when they hold no secret,
// so that a request does not copy them into JS again (a string handed to
// JS costs a TextDecoder call and a value with a finalizer). Lines with a
// secret (an Authorization header) go as a new string each time, and are
// never kept.
func (s *shared) headerValue(h map[string]string) any {
	lines, hasSecret := headerLines(h)
	if hasSecret {
		return lines
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.headers[lines]; ok {
		return v
	}
	if len(s.headers) >= maxHeaderValues {
		return lines
	}
	v, err := jsx.ValueOf(lines)
	if err != nil {
		return lines
	}
	s.headers[lines] = v
	return v
}

// waiting holds, by request id, the channels of the requests under way.
var waiting = struct {
	sync.Mutex
	next int
	by   map[int]chan []jsx.Value
}{by: map[int]chan []jsx.Value{}}

// settleRequest is the shared settle callback: it hands the helper's
// arguments after the id to the request waiting under that id. It only
// sends on a buffered channel, so it never blocks JS.
func settleRequest(_ jsx.Value, args []jsx.Value) any {
	wakes.Add(1)
	if len(args) == 0 {
		return nil
	}
	id, err := args[0].Int()
	if err != nil {
		return nil
	}
	waiting.Lock()
	ch := waiting.by[id]
	delete(waiting.by, id)
	waiting.Unlock()
	if ch != nil {
		ch <- args[1:]
	}
	return nil
}

// expect registers a new request and returns its id and channel.
func expect() (int, chan []jsx.Value) {
	ch := make(chan []jsx.Value, 1)
	waiting.Lock()
	waiting.next++
	id := waiting.next
	waiting.by[id] = ch
	waiting.Unlock()
	return id, ch
}

// forget drops request id, which will not be waited for.
func forget(id int) {
	waiting.Lock()
	delete(waiting.by, id)
	waiting.Unlock()
}

// send has the helper perform one request in fetch's mode and redirect
// mode, and waits until it settles:
// the HTTP answer, or the helper's rejection reason as a rejection error
// (errTimedOut when the helper ended it at timeout, if above 0).
// When ctx ends first it aborts the request, waits for the helper to
// settle (abort makes it), and returns ctx.Err().
func (t *Transport) send(ctx context.Context, method, url string, headers map[string]string, body []byte,
	credentials transport.Credentials, mode, redirect string, timeout time.Duration) (answer, error) {
	if t.request.Type() != jsx.TypeFunction {
		return answer{}, errNoHelper
	}
	sh, err := sharedOnce()
	if err != nil {
		return answer{}, err
	}
	jsBody := jsx.Undefined()
	if body != nil {
		if jsBody, err = t.bytesToJS(body); err != nil {
			return answer{}, err
		}
	}
	id, ch := expect()
	abort, err := t.request.Invoke(sh.value(method), url, sh.headerValue(headers), jsBody, credentials == transport.CredentialsInclude,
		sh.wanted, readCap, sh.value(mode), sh.value(redirect), sh.settle, id, float64(timeout)/float64(time.Millisecond))
	if err != nil {
		forget(id)
		return answer{}, err
	}

	var args []jsx.Value
	select {
	case args = <-ch:
	case <-ctx.Done():
		abort.Invoke()
		grace := time.NewTimer(abortGrace)
		defer grace.Stop()
		select {
		case <-ch:
		case <-grace.C:
			forget(id)
		}
		return answer{}, ctx.Err()
	}
	a, err := settled(args)
	if err != nil && timeout > 0 && isRejection(err, "TimeoutError") {
		return a, errTimedOut
	}
	return a, err
}

// bytesToJS copies b into a new Uint8Array.
func (t *Transport) bytesToJS(b []byte) (jsx.Value, error) {
	if t.uint8Array.Type() != jsx.TypeFunction {
		return jsx.Undefined(), errors.New("Uint8Array is not available")
	}
	v, err := t.uint8Array.New(len(b))
	if err != nil {
		return v, err
	}
	_, err = jsx.CopyBytesToJS(v, b)
	return v, err
}

// headerLines is h as the helper takes request headers: "name\nvalue"
// lines, sorted by name, so that the same headers make the same lines;
// hasSecret says whether one of them carries a secret (secret.Header).
// Header names and values never hold a line break (fetch refuses them),
// so the lines cannot be confused.
func headerLines(h map[string]string) (lines string, hasSecret bool) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
		hasSecret = hasSecret || secret.Header(k)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k)
		b.WriteByte('\n')
		b.WriteString(h[k])
	}
	return b.String(), hasSecret
}
