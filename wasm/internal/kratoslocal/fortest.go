//go:build !js

package kratoslocal

import (
	"context"
	"testing"
	"time"
)

// forTestTimeout bounds ForTest's Start, including a first build of Kratos
// (about two minutes on two busy cores).
const forTestTimeout = 10 * time.Minute

// ForTest starts a Kratos for a test and registers Stop in t.Cleanup. It
// fails the test (t.Fatal) when Kratos cannot be built or started: it never
// skips. From TestMain, where no testing.TB exists, use Start and Stop.
func ForTest(t testing.TB, o Options) *Server {
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
	t.Logf("kratoslocal: Kratos %s ready in %s: public %s, admin %s, dir %s", Version, time.Since(start).Round(time.Millisecond), s.PublicURL, s.AdminURL, s.Dir)
	return s
}
