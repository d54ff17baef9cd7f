//go:build !js

// Command devserver serves dist/ for development and for the end-to-end
// tests. It serves the static files (pre-compressed wasm, strict CSP on
// HTML) and /orylogin.config.json, which tells the page where Ory is:
//
//   - without -ory it starts a local real Kratos (wasm/internal/kratoslocal)
//     whose CORS allows the page's origin, creates the demo identity, and
//     adds GET /dev/inbox?email=… with the mails Kratos sent;
//   - with -ory URL it proxies that Ory under /ory/ on the page's own origin,
//     so that the browser flow's cookies are first-party.
//
// It stops (and stops Kratos) on SIGINT or SIGTERM. With -ready-json it
// prints one JSON line to stdout once it serves:
// {"url","kratosPublic","kratosAdmin","email","password"}.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "devserver:", err)
		os.Exit(1)
	}
}
