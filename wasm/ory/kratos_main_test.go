//go:build !js

package ory_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// The adapter's tests run against real Kratos v1.3.1 in three configurations,
// each started once for the package and stopped by PID at the end. Tests
// that share a server run one after the other: concurrent clients on one
// SQLite-backed Kratos made it wait on its database lock for seconds.
var (
	kratosAAL1    *kratoslocal.Server // session.whoami.required_aal: aal1
	kratosHighest *kratoslocal.Server // required_aal: highest_available
	kratosShort   *kratoslocal.Server // short login and code lifespans
	kratosShort2  *kratoslocal.Server // the same, for a second test that sleeps in parallel
)

// shortLifespan is the short configuration's login and code lifespan.
const shortLifespan = 3 * time.Second

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for _, c := range []struct {
		s **kratoslocal.Server
		o kratoslocal.Options
	}{
		{&kratosAAL1, kratoslocal.Options{}},
		{&kratosHighest, kratoslocal.Options{RequiredAAL: "highest_available"}},
		{&kratosShort, kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}},
		{&kratosShort2, kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}},
	} {
		s, err := kratoslocal.Start(ctx, c.o)
		if err != nil {
			fmt.Fprintln(os.Stderr, "starting Kratos:", err)
			return 1
		}
		defer s.Stop()
		*c.s = s
	}
	return m.Run()
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
