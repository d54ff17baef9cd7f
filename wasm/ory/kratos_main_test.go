//go:build !js

package ory_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/offline"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

// The adapter's tests run each case twice: against a real Kratos v1.3.1 and
// against the offline Ory configured alike, so that the offline Ory is shown
// to behave like Kratos through the very code that uses it.
//
// The Kratos servers (testkit.LazyKratos) start once, on first use (the
// replay and fuzz tests need none), and stop by PID when the package's tests
// end (testkit.Main). The real back end is named for the release that runs
// ("kratos-v1.3.1", "kratos-v26.2.0": KRATOS_BIN picks it). Tests that share
// a server run one after the other: concurrent clients on one SQLite-backed
// Kratos made it wait on its database lock for seconds.

// shortLifespan is the short configurations' login and code lifespan.
const shortLifespan = 3 * time.Second

// config is one Ory configuration, for both back ends.
type config struct {
	kratos  *testkit.Kratos
	offline offline.Options
}

var (
	cfgAAL1    = newConfig(kratoslocal.Options{})                                 // session.whoami.required_aal: aal1
	cfgHighest = newConfig(kratoslocal.Options{RequiredAAL: "highest_available"}) // Ory demands the second factor
	cfgShort   = newConfig(kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan})
	cfgShort2  = newConfig(kratoslocal.Options{LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}) // for a second test that sleeps in parallel
)

func newConfig(o kratoslocal.Options) config {
	return config{
		kratos:  testkit.LazyKratos(o),
		offline: offline.Options{RequiredAAL: o.RequiredAAL, LoginLifespan: o.LoginLifespan, CodeLifespan: o.CodeLifespan},
	}
}

// backend is one Ory for one person: where to send requests, how to make an
// identity and read the codes mailed to it, and how to let time pass.
type backend struct {
	name     string
	base     string
	tr       transport.Transport // a fresh cookie jar: one browser
	identity func(t *testing.T, email, password string)
	codes    func(t *testing.T, email string) []string // newest first
	expire   func(d time.Duration)
	// fresh returns another person on the same Ory: a new cookie jar, or
	// for the offline Ory, which keeps the jar itself, a new offline Ory.
	fresh func(t *testing.T) backend
}

// backends returns c's two back ends for one person.
func (c config) backends() []func(t *testing.T) backend {
	var real, off func(t *testing.T) backend
	real = func(t *testing.T) backend {
		srv := c.kratos.Server(t)
		return backend{fresh: real,
			name: "kratos-" + srv.Version, base: srv.PublicURL, tr: httptransport.New(),
			identity: func(t *testing.T, email, password string) {
				if _, err := srv.CreateIdentity(context.Background(), email, password); err != nil {
					t.Fatal(err)
				}
			},
			codes: func(t *testing.T, email string) []string {
				mails, err := srv.Mails(context.Background(), email)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, m := range mails {
					out = append(out, m.Code)
				}
				return out
			},
			expire: time.Sleep,
		}
	}
	off = func(t *testing.T) backend {
		o := c.offline
		o.Identities = []offline.Identity{}
		ory := offline.New(o)
		var ids []offline.Identity
		return backend{fresh: off,
			name: "offline", base: "http://127.0.0.1:4433", tr: ory,
			identity: func(_ *testing.T, email, password string) {
				ids = append(ids, offline.Identity{Email: email, Password: password})
				ory.Reset(ids)
			},
			codes: func(_ *testing.T, email string) []string {
				var out []string
				for _, m := range ory.Inbox() {
					if m.To == email {
						out = append(out, m.Code)
					}
				}
				slices.Reverse(out)
				return out
			},
			expire: ory.Advance,
		}
	}
	return []func(t *testing.T) backend{real, off}
}

func TestMain(m *testing.M) { testkit.Main(m) }

var identityCount atomic.Int64

// newIdentity creates a fresh identity on b and returns its email and
// password. Each test uses its own, so tests do not share mailboxes.
func newIdentity(t *testing.T, b backend) (email, password string) {
	t.Helper()
	email = fmt.Sprintf("user%d-%d@example.com", identityCount.Add(1), time.Now().UnixNano()%1e6)
	password = "canary-PW-" + fmt.Sprint(time.Now().UnixNano())
	b.identity(t, email, password)
	return email, password
}

// codeAfter waits for mail number n+1 to email and returns its code.
func codeAfter(t *testing.T, b backend, email string, n int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if codes := b.codes(t, email); len(codes) > n && codes[0] != "" {
			return codes[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail %d to %s", n+1, email)
	return ""
}
