//go:build !js

package testkit

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// startTimeout bounds a server's start, a first build of Kratos v1.3.1
// included (about two minutes on two busy cores).
const startTimeout = 10 * time.Minute

// Kratos is one Kratos configuration shared by a package's tests, started
// on first use. Declare it at package level (var cfg = LazyKratos(…)) and
// call Main from TestMain, which stops it. Its methods are safe for
// concurrent use.
type Kratos struct {
	opts kratoslocal.Options
	once sync.Once
	srv  *kratoslocal.Server
	err  error
}

var (
	startedMu sync.Mutex
	started   []*kratoslocal.Server
)

// LazyKratos returns a Kratos configured by o that starts nothing yet.
func LazyKratos(o kratoslocal.Options) *Kratos { return &Kratos{opts: o} }

// Server returns the running server, starting it on the first call. It
// fails t when Kratos cannot be built or started (and every later call
// too): a missing Kratos fails the suite, it never skips it.
func (k *Kratos) Server(t testing.TB) *kratoslocal.Server {
	t.Helper()
	k.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
		defer cancel()
		start := time.Now()
		k.srv, k.err = kratoslocal.Start(ctx, k.opts)
		if k.err != nil {
			return
		}
		startedMu.Lock()
		started = append(started, k.srv)
		startedMu.Unlock()
		t.Logf("testkit: Kratos %s ready in %s: public %s, admin %s, dir %s", k.srv.Version,
			time.Since(start).Round(time.Millisecond), k.srv.PublicURL, k.srv.AdminURL, k.srv.Dir)
	})
	if k.err != nil {
		t.Fatalf("testkit: starting Kratos: %v", k.err)
	}
	return k.srv
}

// Main runs the package's tests (m.Run), stops every Kratos that Server
// started, by PID, and exits: non-zero when a test failed or a Kratos had
// died before the end (Stop reports that, with the tail of its log).
func Main(m *testing.M) {
	code := m.Run()
	startedMu.Lock()
	defer startedMu.Unlock()
	for _, s := range started {
		if err := s.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "testkit: stopping Kratos:", err)
			code = 1
		}
	}
	os.Exit(code)
}
