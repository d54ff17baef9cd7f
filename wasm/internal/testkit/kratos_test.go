//go:build !js

package testkit

import (
	"sync"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

func TestMain(m *testing.M) { Main(m) }

var shared = LazyKratos(kratoslocal.Options{RequiredAAL: "highest_available"})

// TestLazyKratosStartsOnce: concurrent first calls get one and the same
// running server, which knows its release.
func TestLazyKratosStartsOnce(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*kratoslocal.Server, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = shared.Server(t)
		}()
	}
	wg.Wait()
	for _, s := range got[1:] {
		if s != got[0] {
			t.Fatal("two servers for one configuration")
		}
	}
	if got[0].Version == "" || got[0].PID == 0 {
		t.Fatalf("server %+v", got[0])
	}
	startedMu.Lock()
	n := len(started)
	startedMu.Unlock()
	if n != 1 {
		t.Fatalf("%d servers started, want 1", n)
	}
}
