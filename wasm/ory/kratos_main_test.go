//go:build !js

package ory_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// The adapter's tests run against real Kratos v1.3.1 in several
// configurations, started once, on first use (the replay and fuzz tests need
// none), and stopped by PID when the package's tests end. Tests that share a
// server run one after the other: concurrent clients on one SQLite-backed
// Kratos made it wait on its database lock for seconds.
var (
	kratosAAL1    = lazyKratos(kratoslocal.Options{})                                 // session.whoami.required_aal: aal1
	kratosHighest = lazyKratos(kratoslocal.Options{RequiredAAL: "highest_available"}) // Ory demands the second factor
	kratosShort   = lazyKratos(kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan})
	kratosShort2  = lazyKratos(kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}) // for a second test that sleeps in parallel
)

// shortLifespan is the short configurations' login and code lifespan.
const shortLifespan = 3 * time.Second

var (
	startedMu sync.Mutex
	started   []*kratoslocal.Server
)

// lazyKratos returns a function that starts a Kratos with o on its first
// call and returns the same server after that.
func lazyKratos(o kratoslocal.Options) func(t *testing.T) *kratoslocal.Server {
	var once sync.Once
	var srv *kratoslocal.Server
	var err error
	return func(t *testing.T) *kratoslocal.Server {
		t.Helper()
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			if srv, err = kratoslocal.Start(ctx, o); err == nil {
				startedMu.Lock()
				started = append(started, srv)
				startedMu.Unlock()
			}
		})
		if err != nil {
			t.Fatalf("starting Kratos: %v", err)
		}
		return srv
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range started {
		if err := s.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping Kratos:", err)
			code = 1
		}
	}
	os.Exit(code)
}

var identityCount atomic.Int64

// newIdentity creates a fresh identity on s and returns its email and
// password. Each test uses its own, so tests do not share mailboxes.
func newIdentity(t *testing.T, s *kratoslocal.Server) (email, password string) {
	t.Helper()
	email = fmt.Sprintf("user%d-%d@example.com", identityCount.Add(1), time.Now().UnixNano()%1e6)
	password = "canary-PW-" + fmt.Sprint(time.Now().UnixNano())
	if _, err := s.CreateIdentity(context.Background(), email, password); err != nil {
		t.Fatal(err)
	}
	return email, password
}

// mailCount returns how many mails s has for email.
func mailCount(t *testing.T, s *kratoslocal.Server, email string) int {
	t.Helper()
	mails, err := s.Mails(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return len(mails)
}

// codeAfter waits for mail number n+1 to email and returns its code.
func codeAfter(t *testing.T, s *kratoslocal.Server, email string, n int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		mails, err := s.Mails(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		if len(mails) > n && mails[0].Code != "" {
			return mails[0].Code
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail %d to %s", n+1, email)
	return ""
}
