//go:build js && wasm

package bridge

import (
	"runtime"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport/fetch"
)

// stats is OryLogin.stats(): figures for leak checks and benchmarks.
// wasmMemoryBytes is the Go runtime's memory obtained from the wasm linear
// memory (which only grows), heapBytes the heap in use (live or garbage),
// liveHeapBytes the heap in use right after the latest collection that the
// bridge runs every collectEvery calls (0 before the first; what a leak
// moves), liveCallbacks the JS callbacks the module has not released: this
// package's and the fetch transport's (one, shared by every request).
func (b *Bridge) stats(jsx.Value, []jsx.Value) (any, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out, err := jsx.NewObject()
	if err != nil {
		return nil, err
	}
	for k, v := range map[string]any{
		"wasmMemoryBytes": float64(ms.Sys),
		"heapBytes":       float64(ms.HeapAlloc),
		"liveHeapBytes":   float64(heapAfterCollection.Load()),
		"liveCallbacks":   float64(liveFuncs.Load() + fetch.LiveCallbacks()),
		"goroutines":      runtime.NumGoroutine(),
	} {
		if err := out.Set(k, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}
