//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRunProxyMode starts the whole dev server against a fake Ory, reads
// its ready line, checks the config and the proxy, and stops it.
func TestRunProxyMode(t *testing.T) {
	up := newFakeOry(t)
	ready := startRun(t, "-addr", ":0", "-dist", testDist(t), "-ory", up, "-ready-json")
	if !strings.HasPrefix(ready.URL, "http://127.0.0.1:") || ready.KratosPublic != strings.TrimSuffix(ready.URL, "/")+"/ory" {
		t.Errorf("ready %+v", ready)
	}
	if ready.Password != "" {
		t.Errorf("proxy mode reports a password")
	}

	var cfg map[string]string
	getJSON(t, ready.URL+"orylogin.config.json", &cfg)
	if cfg["baseURL"] != ready.KratosPublic || cfg["flow"] != "browser" || cfg["devInbox"] != "" {
		t.Errorf("config %v", cfg)
	}
	var who map[string]string
	getJSON(t, ready.URL+"ory/sessions/whoami", &who)
	if who["path"] != "/sessions/whoami" {
		t.Errorf("proxied whoami reached %v", who)
	}
	resp, err := http.Get(ready.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
		t.Errorf("CSP %q", csp)
	}
}

// TestRunWebAuthnOnLocalhost: with -methods passkey,webauthn the page and
// its Kratos are on http://localhost:PORT (WebAuthn's relying party), in
// the ready line, the page's config and its CSP; with -page-ory the ready
// line still names the real Kratos (what the fault proxy forwards to).
func TestRunWebAuthnOnLocalhost(t *testing.T) {
	dist := testDist(t)
	ready := startRun(t, "-addr", ":0", "-dist", dist, "-methods", "passkey,webauthn", "-ready-json")
	if !strings.HasPrefix(ready.URL, "http://localhost:") || !strings.HasPrefix(ready.KratosPublic, "http://localhost:") {
		t.Errorf("ready %+v, want the page and Kratos on localhost", ready)
	}
	var cfg map[string]string
	getJSON(t, ready.URL+"orylogin.config.json", &cfg)
	if cfg["baseURL"] != ready.KratosPublic {
		t.Errorf("config %v, want baseURL %s", cfg, ready.KratosPublic)
	}
	resp, err := http.Get(ready.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, ready.KratosPublic) {
		t.Errorf("CSP %q does not allow %s", csp, ready.KratosPublic)
	}

	paged := startRun(t, "-addr", ":0", "-dist", dist, "-page-ory", "http://127.0.0.1:9", "-ready-json")
	if !strings.HasPrefix(paged.KratosPublic, "http://127.0.0.1:") || strings.TrimSuffix(paged.KratosPublic, "/") == "http://127.0.0.1:9" {
		t.Errorf("-page-ory: kratosPublic %q, want the local Kratos", paged.KratosPublic)
	}
}

// serve runs the dev server with args until the test ends (then it must
// stop within 15 s, without an error) and returns its stdout, a cancel
// that stops it early and its result.
func serve(t *testing.T, args ...string) (*io.PipeReader, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
	})
	return pr, cancel, done
}

// startRun runs the dev server with args until the test ends and returns
// its ready line.
func startRun(t *testing.T, args ...string) readyLine {
	t.Helper()
	pr, cancel, done := serve(t, args...)
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no ready line: %v (run: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	var ready readyLine
	if err := json.Unmarshal([]byte(line), &ready); err != nil {
		t.Fatalf("ready line %q: %v", line, err)
	}
	return ready
}

func TestRunRefusesBadFlags(t *testing.T) {
	dist := testDist(t)
	for _, args := range [][]string{
		{"-dist", dist, "-required-aal", "aal3"},
		{"-dist", dist + "/missing"},
		{"-dist", dist, "-addr", "localhost:0"}, // local Kratos needs 127.0.0.1
		{"-dist", dist, "-addr", ":0", "-ory", "ftp://x"},
		{"-dist", dist, "extra"},
		{"-dist", dist, "-page-ory", "ftp://127.0.0.1:1"},                                // the page's Ory must be http(s)
		{"-dist", dist, "-page-ory", "http://127.0.0.1:1", "-ory", "http://127.0.0.1:2"}, // only with the local Kratos
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

// newFakeOry serves {"path": …} for every request.
func newFakeOry(t *testing.T) string {
	t.Helper()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"path": r.URL.Path})
	})}
	ln, origin, err := listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return origin
}

// getJSON fetches url and decodes its JSON body into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
