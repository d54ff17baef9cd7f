//go:build !js

// Command faultproxy is a fault-injecting HTTP proxy for orylogin's
// hardening tests. It sits on loopback between a browser and a real Kratos
// and forwards every request as it is, until the test arms a fault: then
// the matching request gets a 500, a 502, a 429 (with or without
// Retry-After), a truncated or non-JSON or oversized body, a reset
// connection or no answer at all — or a real answer with markup injected
// into Ory's messages and nodes. It logs every request (method, path, and
// which secret-carrying JSON keys its body had, never their values), so a
// test can count what was sent and prove that nothing was resent.
//
//	faultproxy [-addr 127.0.0.1:0] [-control 127.0.0.1:0] [-upstream URL] [-allow-origin ORIGIN]
//
// Once it listens it prints one JSON line to stdout: {"url","control"}.
// The control API (JSON over HTTP on its own port, for the test only):
//
//	POST /upstream {"url","allowOrigin"}  where to forward; the page origin its own answers allow (CORS)
//	POST /mode     {"stripOrigin"}        drop Origin and Cookie from forwarded requests and answer CORS itself
//	                                      (lets a browser drive Ory's api flow, protocol §5.2b)
//	POST /arm      rule                   the next matching request gets the rule's fault (see rule)
//	POST /disarm                          forget every armed rule
//	GET  /log?since=N                     {"seq", "entries":[…]}: requests after sequence number N
//	GET  /health                          200
//
// The proxy's own listener disables keep-alive: every request comes on a
// fresh connection, so a reset cannot be taken by the browser for a stale
// pooled socket (which Chromium silently retries, POSTs included).
//
// It stops on SIGINT or SIGTERM.
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
		fmt.Fprintln(os.Stderr, "faultproxy:", err)
		os.Exit(1)
	}
}
