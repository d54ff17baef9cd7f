//go:build js && wasm

package bridge

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// promiseOf starts work in a new goroutine and returns the call's id, under
// which the glue's async wrapper makes the call's Promise; the goroutine
// settles it through the glue's resolve, with the JSON text of work's
// value, or its reject, with work's error as an OryLoginError. A panic in
// work rejects with code "internal". No JS callback is made for the call:
// one crossing fewer than a Promise executor, and one wake-up fewer.
func (b *Bridge) promiseOf(work func() (any, error)) (any, error) {
	id := int(b.lastCall.Add(1) & maxCallID)
	b.spawn(func() { b.settle(id, work) })
	return id, nil
}

// spawn runs f in a goroutine that ran an earlier call and now waits for
// the next, or in a new one when none waits. A goroutine's stack has grown
// to what a call needs (decoding, reflection); a new goroutine would grow
// it again, copying it several times per call. At most maxIdleWorkers
// wait; the others end.
func (b *Bridge) spawn(f func()) {
	select {
	case b.idle <- f:
	default:
		go b.worker(f)
	}
}

// maxIdleWorkers is how many call goroutines wait for the next call: one
// per client in flight is the common case, a page rarely has more.
const maxIdleWorkers = 2

// worker runs f, then the calls spawn hands it, while at most
// maxIdleWorkers wait.
func (b *Bridge) worker(f func()) {
	for {
		f()
		if b.idleWorkers.Add(1) > maxIdleWorkers {
			b.idleWorkers.Add(-1)
			return
		}
		f = <-b.idle
		b.idleWorkers.Add(-1)
	}
}

// maxCallID keeps call ids exact as JS numbers and as Go ints on every
// platform; they wrap long before two live calls could share one.
const maxCallID = 1<<31 - 1

// settle runs work and settles call id; every collectEvery-th call then
// has the heap collected (see collectSoon).
func (b *Bridge) settle(id int, work func() (any, error)) {
	if id%collectEvery == 0 {
		defer collectSoon()
	}
	v, err := recovered(work)
	if err == nil {
		var data []byte
		if data, err = jsonwire.AppendAny(nil, v); err == nil {
			if _, err = b.glue.Call("resolve", id, string(data)); err == nil {
				return
			}
		}
		err = internalError()
	}
	b.glue.Call("reject", id, b.jsError(err))
}

// collectEvery is how many calls run between two collections of the Go
// heap that collectSoon starts.
const collectEvery = 32

// collectSoon collects the Go heap once JS has finished its task (a
// millisecond timer later, so the call's Promise has settled and the page
// has run what follows). The wasm memory never shrinks, so its size is the
// largest the Go heap has been. Left to itself, Go collects when the heap
// has grown 1 MB since the last collection (its minimum sweep distance,
// whatever GOGC), about 110 calls of ~9 KB of garbage each; the memory then
// only settles, 0.5 MB higher, after the second collection, some 200 calls
// into a page. Collected every 32 calls, a client's heap stays under about
// 0.7 MB and the memory settles lower and sooner (in the bench 3.5-3.8 MB,
// mostly by call 100, against 4.3-4.6 MB after call 200 left to Go); a
// collection of so small a heap takes about 0.3 ms.
func collectSoon() {
	go func() {
		time.Sleep(time.Millisecond)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heapAfterCollection.Store(ms.HeapAlloc)
	}()
}

// heapAfterCollection is the heap in use right after collectSoon's latest
// collection: what was live then, and the figure a leak moves (stats'
// liveHeapBytes). Between collections most of the heap in use is garbage.
var heapAfterCollection atomic.Uint64

// heapReserve is how much heap reserveHeapWhenIdle has Go take.
const heapReserve = 1 << 19

// reserveHeapWhenIdle has the Go heap take heapReserve bytes once, in the
// first idle moment after start-up (the glue's idle), and leaves them to
// the next collection. The wasm memory never shrinks and the freed pages
// serve every later allocation, so the heap's later peaks fit in memory it
// already has: collected every 32 calls, a login client's heap in use
// stays under about 0.9 MB, but where a peak lands depends on the order of
// allocations, and the endurance test saw one grow the memory by 512 KiB
// after round 50 in one build and not in the build before it.
//
// Not during start-up: 1 MiB there went over Go's first heap goal (1 MB
// at GOGC=25), and that first collection, with V8 compiling the
// collector's code for it, made load() 20 ms later in a cold Chromium.
// Not after a Go timer either: Go runs an expired timer at its next entry,
// such as the loader's defineElement, still before load() resolves. Taken
// when idle, 512 KiB leave the endurance test's memory where 1 MiB at
// start-up did (3.4 MiB from round 58 on); 1 MiB when idle made it 3.9.
// The callback is not counted in liveFuncs: it releases itself when it
// runs. Without the glue's idle the heap is reserved at once.
func (b *Bridge) reserveHeapWhenIdle() {
	var f jsx.Func
	f = jsx.FuncOf(func(jsx.Value, []jsx.Value) any {
		f.Release()
		reserveHeap()
		return nil
	})
	if _, err := b.glue.Call("idle", f); err != nil {
		f.Release()
		reserveHeap()
	}
}

// reserveHeap allocates heapReserve bytes and drops them.
func reserveHeap() { runtime.KeepAlive(make([]byte, heapReserve)) }

// recovered runs work, turning a panic into an internal error.
func recovered(work func() (any, error)) (v any, err error) {
	defer func() {
		if recover() != nil {
			v, err = nil, internalError()
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
	f := jsx.FuncOf(func(jsx.Value, []jsx.Value) any {
		ch <- struct{}{}
		return nil
	})
	liveFuncs.Add(1)
	defer func() {
		f.Release()
		liveFuncs.Add(-1)
	}()
	if _, err := jsx.Global().Call("queueMicrotask", f); err != nil {
		return
	}
	<-ch
}
