//go:build !js

package kratoslocal

import (
	"context"
	"testing"
	"time"
)

// forTestTimeout bounds forTest's Start, including a first build of Kratos
// (about two minutes on two busy cores).
const forTestTimeout = 10 * time.Minute

// forTest starts a Kratos of its own for one of this package's tests and
// registers Stop in t.Cleanup. It fails the test (t.Fatal) when Kratos
// cannot be built or started: it never skips. Other packages' tests share
// lazily started servers through wasm/internal/testkit instead.
func forTest(t testing.TB, o Options) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), forTestTimeout)
	defer cancel()
	start := time.Now()
	s, err := Start(ctx, o)
	if err != nil {
		t.Fatalf("kratoslocal: starting Kratos: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			// Kratos logs no passwords, tokens or codes (leak_sensitive_values is off).
			t.Logf("kratoslocal: tail of the Kratos log (%s):\n%s", s.Dir, s.out.since(0))
		}
		if err := s.Stop(); err != nil {
			t.Errorf("kratoslocal: stopping Kratos: %v", err)
		}
	})
	t.Logf("kratoslocal: Kratos %s ready in %s: public %s, admin %s, dir %s", s.Version, time.Since(start).Round(time.Millisecond), s.PublicURL, s.AdminURL, s.Dir)
	return s
}
