//go:build !js

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testDist makes a dist directory with a page, a wasm file and its
// compressed variants, and a secret file beside (outside) it.
func testDist(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dist := filepath.Join(parent, "dist")
	files := map[string]string{
		"index.html":       "<!doctype html><title>t</title>",
		"app.js":           "export {};",
		"app.css":          "body{}",
		"orylogin.d.ts":    "export {};",
		"orylogin.wasm":    "RAW-WASM",
		"orylogin.wasm.br": "BROTLI-WASM",
		"orylogin.wasm.gz": "GZIP-WASM",
		"sub/index.html":   "<p>sub</p>",
		".hidden":          "hidden",
		"blob.unknown":     "x",
		// dist's own config says "offline"; the dev server's must win.
		"orylogin.config.json": `{"offline": true}`,
	}
	for name, body := range files {
		p := filepath.Join(dist, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The compressed variants are at least as new as the raw file.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dist, "orylogin.wasm"), old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dist, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dist
}

// newTestStatic returns the static handler for testDist.
func newTestStatic(t *testing.T) (*staticHandler, string) {
	t.Helper()
	dist := testDist(t)
	h, err := newStaticHandler(dist, pageCSP("http://127.0.0.1:4433"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, dist
}

// get runs one request through h.
func get(h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestStaticEncodingNegotiation(t *testing.T) {
	h, _ := newTestStatic(t)
	cases := []struct {
		accept, wantEnc, wantBody string
	}{
		{"gzip, deflate, br, zstd", "br", "BROTLI-WASM"},
		{"br", "br", "BROTLI-WASM"},
		{"gzip", "gzip", "GZIP-WASM"},
		{"br;q=0, gzip;q=0.5", "gzip", "GZIP-WASM"},
		{"br;q=0, gzip;q=0", "", "RAW-WASM"},
		{"*", "br", "BROTLI-WASM"},
		{"*;q=0", "", "RAW-WASM"},
		{"", "", "RAW-WASM"},
		{"identity", "", "RAW-WASM"},
	}
	for _, c := range cases {
		w := get(h, "GET", "/orylogin.wasm", map[string]string{"Accept-Encoding": c.accept})
		if w.Code != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", c.accept, w.Code)
		}
		if got := w.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.wantEnc)
		}
		if got := w.Body.String(); got != c.wantBody {
			t.Errorf("Accept-Encoding %q: body %q, want %q", c.accept, got, c.wantBody)
		}
		if got := w.Header().Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q", c.accept, got)
		}
		if got := w.Header().Values("Vary"); len(got) == 0 || got[0] != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q", c.accept, got)
		}
	}
}

func TestStaticStaleVariantIgnored(t *testing.T) {
	h, dist := newTestStatic(t)
	// A rebuilt wasm newer than its .br/.gz: those are stale.
	now := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dist, "orylogin.wasm"), now, now); err != nil {
		t.Fatal(err)
	}
	w := get(h, "GET", "/orylogin.wasm", map[string]string{"Accept-Encoding": "br, gzip"})
	if enc, body := w.Header().Get("Content-Encoding"), w.Body.String(); enc != "" || body != "RAW-WASM" {
		t.Errorf("stale variants: Content-Encoding %q body %q, want the raw file", enc, body)
	}
}

func TestStaticMIMEAndHeaders(t *testing.T) {
	h, _ := newTestStatic(t)
	cases := map[string]string{
		"/":              "text/html; charset=utf-8",
		"/index.html":    "text/html; charset=utf-8",
		"/sub/":          "text/html; charset=utf-8",
		"/app.js":        "text/javascript; charset=utf-8",
		"/app.css":       "text/css; charset=utf-8",
		"/orylogin.d.ts": "text/plain; charset=utf-8",
		"/orylogin.wasm": "application/wasm",
		"/blob.unknown":  "application/octet-stream",
	}
	for path, want := range cases {
		w := get(h, "GET", path, nil)
		if w.Code != 200 {
			t.Errorf("%s: status %d", path, w.Code)
			continue
		}
		hdr := w.Header()
		if got := hdr.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
		if got := hdr.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
		if got := hdr.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if etag := hdr.Get("ETag"); len(etag) != 34 || etag[0] != '"' {
			t.Errorf("%s: ETag %q, want a strong 32-hex tag", path, etag)
		}
		csp := hdr.Get("Content-Security-Policy")
		if strings.HasPrefix(want, "text/html") != (csp != "") {
			t.Errorf("%s: CSP %q: want it on HTML only", path, csp)
		}
	}
}

func TestStaticCSP(t *testing.T) {
	h, _ := newTestStatic(t)
	got := get(h, "GET", "/", nil).Header().Get("Content-Security-Policy")
	want := "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"connect-src 'self' http://127.0.0.1:4433; img-src 'self' data:; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
	if got != want {
		t.Errorf("CSP\n got %s\nwant %s", got, want)
	}
	if strings.Contains(got, "unsafe-inline") || strings.Contains(got, "'unsafe-eval'") {
		t.Errorf("CSP allows inline code or eval: %s", got)
	}
}

func TestStaticETagRevalidation(t *testing.T) {
	h, _ := newTestStatic(t)
	for _, accept := range []string{"br", ""} {
		first := get(h, "GET", "/orylogin.wasm", map[string]string{"Accept-Encoding": accept})
		etag := first.Header().Get("ETag")
		again := get(h, "GET", "/orylogin.wasm", map[string]string{"Accept-Encoding": accept, "If-None-Match": etag})
		if again.Code != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: If-None-Match %s gave %d, want 304", accept, etag, again.Code)
		}
	}
	br := get(h, "GET", "/orylogin.wasm", map[string]string{"Accept-Encoding": "br"}).Header().Get("ETag")
	raw := get(h, "GET", "/orylogin.wasm", nil).Header().Get("ETag")
	if br == raw {
		t.Errorf("the brotli and the raw variant share the ETag %s", br)
	}
}

func TestStaticHEADAndMethods(t *testing.T) {
	h, _ := newTestStatic(t)
	if w := get(h, "HEAD", "/app.js", nil); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", w.Code, w.Body.Len())
	}
	if w := get(h, "POST", "/app.js", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
}

func TestStaticRefusesEscapes(t *testing.T) {
	h, _ := newTestStatic(t)
	cases := map[string]int{
		"/../secret.txt":              http.StatusBadRequest,
		"/sub/../../secret.txt":       http.StatusBadRequest,
		"/./index.html":               http.StatusBadRequest,
		"/..%2fsecret.txt":            http.StatusBadRequest,
		"/%2e%2e/secret.txt":          http.StatusBadRequest,
		"/sub%5c..%5c..%5csecret.txt": http.StatusBadRequest,
		"/.hidden":                    http.StatusNotFound,
		"/link.txt":                   http.StatusNotFound, // symlink out of dist
		"/missing.js":                 http.StatusNotFound,
	}
	for target, want := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path = mustUnescape(t, target) // as net/http decodes it, uncleaned
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("%s: status %d, want %d", target, w.Code, want)
		}
		if strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "hidden") {
			t.Errorf("%s: leaked %q", target, w.Body.String())
		}
	}
}

// TestServerRefusesRawTraversal sends request lines that no client would
// clean up, through the dev server's whole handler on a real socket.
func TestServerRefusesRawTraversal(t *testing.T) {
	h, _ := newTestStatic(t)
	srv := httptest.NewServer(newHandler(h, pageConfig{Flow: "browser"}, nil, nil))
	defer srv.Close()
	for _, target := range []string{"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/sub/..%2f..%2fsecret.txt", "/link.txt"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "SECRET") {
			t.Errorf("%s: status %d body %q: the file outside dist was served", target, resp.StatusCode, body)
		}
	}
}

// mustUnescape decodes a URL path as net/http does.
func mustUnescape(t *testing.T, p string) string {
	t.Helper()
	r, err := http.NewRequest("GET", "http://x"+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r.URL.Path
}
