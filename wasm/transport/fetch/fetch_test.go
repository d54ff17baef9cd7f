//go:build js && wasm

package fetch

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// checkNoLeaks fails t when requests left callbacks alive (beyond the one
// shared settle callback) or requests waited for.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	if n := liveFuncs.Load(); n > 1 {
		t.Errorf("%d JS callbacks alive, want at most the shared one", n)
	}
	waiting.Lock()
	defer waiting.Unlock()
	if n := len(waiting.by); n != 0 {
		t.Errorf("%d requests still waited for", n)
	}
}

func do(t *testing.T, ctx context.Context, req *transport.Request) (*transport.Response, error) {
	t.Helper()
	res, err := newTransport(t).Do(ctx, req)
	checkNoLeaks(t)
	return res, err
}

func TestEchoRoundTrip(t *testing.T) {
	s := startServer(t)
	body := []byte{'{', 0, 0xff, 0xfe, '}'}
	res, err := do(t, context.Background(), &transport.Request{
		Method:      "POST",
		URL:         s.base + "/echo?x=1",
		Header:      map[string]string{"Content-Type": "application/json", "X-Custom": "v1", "Authorization": "Bearer t"},
		Body:        body,
		Credentials: transport.CredentialsInclude,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 201 {
		t.Errorf("status = %d, want 201", res.Status)
	}
	if got := res.Header["content-type"]; got != "application/json" {
		t.Errorf("content-type = %q", got)
	}
	if got := res.Header["retry-after"]; got != "1, 2" {
		t.Errorf("retry-after = %q, want %q (repeated headers joined)", got, "1, 2")
	}
	// Only the headers orylogin reads cross into Go.
	for k := range res.Header {
		if !slices.Contains(transport.ResponseHeaders, k) {
			t.Errorf("header %q reported, want only %v", k, transport.ResponseHeaders)
		}
	}
	var echo struct {
		Method  string
		Headers map[string]string
		Body    string
	}
	if err := json.Unmarshal(res.Body, &echo); err != nil {
		t.Fatalf("body %q: %v", res.Body, err)
	}
	if echo.Method != "POST" {
		t.Errorf("server saw method %q", echo.Method)
	}
	if echo.Headers["x-custom"] != "v1" || echo.Headers["content-type"] != "application/json" || echo.Headers["authorization"] != "Bearer t" {
		t.Errorf("server saw headers %v", echo.Headers)
	}
	got, _ := base64.StdEncoding.DecodeString(echo.Body)
	if !bytes.Equal(got, body) {
		t.Errorf("server saw body %x, want %x", got, body)
	}
}

func TestGetWithoutBodyAndEmptyAnswer(t *testing.T) {
	s := startServer(t)
	res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + "/empty"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 204 || len(res.Body) != 0 {
		t.Errorf("got %d with %d bytes, want 204 and none", res.Status, len(res.Body))
	}
}

func TestFetchOptions(t *testing.T) {
	s := startServer(t)
	spy := jsCall(t, `
const orig = globalThis.fetch, seen = [];
globalThis.fetch = function (url, init) {
  seen.push({url, method: init.method, credentials: init.credentials, mode: init.mode, cache: init.cache,
    redirect: init.redirect, signal: init.signal instanceof AbortSignal,
    body: init.body === undefined ? "none" : Object.prototype.toString.call(init.body)});
  return orig.call(this, url, init);
};
return {seen: () => JSON.stringify(seen), restore: () => { globalThis.fetch = orig; }};`)
	defer spy.Call("restore")

	reqs := []*transport.Request{
		{Method: "POST", URL: s.base + "/echo", Body: []byte("{}"), Credentials: transport.CredentialsInclude},
		{Method: "GET", URL: s.base + "/echo", Credentials: transport.CredentialsOmit},
		{Method: "GET", URL: s.base + "/echo"}, // no mode given: omit
	}
	for _, r := range reqs {
		if _, err := do(t, context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	v, _ := spy.Call("seen")
	raw, _ := v.String()
	var seen []map[string]any
	if err := json.Unmarshal([]byte(raw), &seen); err != nil {
		t.Fatal(err)
	}
	wantCreds := []string{"include", "omit", "omit"}
	wantBody := []string{"[object Uint8Array]", "none", "none"}
	if len(seen) != len(reqs) {
		t.Fatalf("fetch called %d times, want %d", len(seen), len(reqs))
	}
	for i, s := range seen {
		want := map[string]any{"method": reqs[i].Method, "credentials": wantCreds[i], "mode": "cors", "cache": "no-store",
			"redirect": "manual", "signal": true, "body": wantBody[i]}
		for k, w := range want {
			if s[k] != w {
				t.Errorf("request %d: %s = %v, want %v", i, k, s[k], w)
			}
		}
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	s := startServer(t)
	res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + "/redirect"})
	if err != nil {
		t.Fatal(err)
	}
	// Node's fetch shows the redirect itself; browsers show an opaque one
	// (TestOpaqueRedirect).
	if res.Status != 303 || res.Header["location"] != "/echo" {
		t.Errorf("got %d location %q, want 303 to /echo", res.Status, res.Header["location"])
	}
	if h := s.hits(t); h != "/redirect" {
		t.Errorf("server saw %q, want only /redirect", h)
	}
}

func TestOpaqueRedirect(t *testing.T) {
	restore := jsCall(t, `
const orig = globalThis.fetch;
globalThis.fetch = () => Promise.resolve({type: "opaqueredirect", status: 0, headers: new Headers(),
  arrayBuffer: () => Promise.reject(new Error("must not be read"))});
return () => { globalThis.fetch = orig; };`)
	defer restore.Invoke()
	res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:9/x"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 0 || len(res.Body) != 0 {
		t.Errorf("got status %d with %d bytes, want 0 and none", res.Status, len(res.Body))
	}
}

func TestBodyCap(t *testing.T) {
	s := startServer(t)
	cases := []struct {
		path string
		want int
	}{
		{"/sized?n=1048576", transport.MaxBodyBytes},     // exactly at the cap: all of it
		{"/sized?n=1048577", transport.MaxBodyBytes + 1}, // one over: refused by content-length
		{"/sized?n=5000000", transport.MaxBodyBytes + 1},
		{"/chunked?n=1048576", transport.MaxBodyBytes},
		{"/chunked?n=3000000", transport.MaxBodyBytes + 1}, // no content-length: read, then cut
	}
	for _, c := range cases {
		res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + c.path})
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if len(res.Body) != c.want {
			t.Errorf("%s: %d bytes, want %d", c.path, len(res.Body), c.want)
		}
	}
}

func TestNetworkFailure(t *testing.T) {
	s := startServer(t)
	base := s.base
	s.obj.Call("close")
	_, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: base + "/echo"})
	if !errors.Is(err, transport.ErrNetwork) {
		t.Fatalf("err = %v, want ErrNetwork", err)
	}
	_, err = do(t, context.Background(), &transport.Request{Method: "GET", URL: "not a url"})
	if !errors.Is(err, transport.ErrNetwork) {
		t.Fatalf("bad URL: err = %v, want ErrNetwork", err)
	}
}

func TestDeadlineWhileWaitingForHeaders(t *testing.T) {
	s := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := do(t, ctx, &transport.Request{Method: "GET", URL: s.base + "/hang"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("abort took %v", d)
	}
}

func TestDeadlineWhileReadingBody(t *testing.T) {
	s := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := do(t, ctx, &transport.Request{Method: "GET", URL: s.base + "/stall"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

// TestTimeout: a Request.Timeout that passes, while the server holds the
// request or while it stalls the body, ends the request by the helper's
// own timer, as an error wrapping context.DeadlineExceeded (which the
// adapter reports as a timeout), with a context that has no deadline.
func TestTimeout(t *testing.T) {
	s := startServer(t)
	var _ transport.Timed = newTransport(t)
	for _, path := range []string{"/hang", "/stall"} {
		start := time.Now()
		_, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + path, Timeout: 250 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, transport.ErrNetwork) {
			t.Fatalf("%s: err = %v, want DeadlineExceeded and no network error", path, err)
		}
		if d := time.Since(start); d < 200*time.Millisecond || d > 3*time.Second {
			t.Errorf("%s: timed out after %v, want about 250ms", path, d)
		}
	}
	// In time, the timer is cleared and the answer is whole.
	res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + "/echo", Timeout: 5 * time.Second})
	if err != nil || res.Status != 201 || !strings.Contains(string(res.Body), `"method":"GET"`) {
		t.Fatalf("in time: status %v, %q, %v", res.Status, res.Body, err)
	}
}

func TestCancel(t *testing.T) {
	s := startServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { // cancel once the server holds the request (a loaded machine may take a while)
		for seen, _ := s.obj.Call("hits"); jsx.StringOf(seen, nil) == ""; seen, _ = s.obj.Call("hits") {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	_, err := do(t, ctx, &transport.Request{Method: "GET", URL: s.base + "/hang"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want Canceled", err)
	}

	// A context that ended before the call sends nothing.
	before := s.hits(t)
	_, err = do(t, ctx, &transport.Request{Method: "GET", URL: s.base + "/echo"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ended context: err = %v, want Canceled", err)
	}
	time.Sleep(50 * time.Millisecond)
	if after := s.hits(t); after != before {
		t.Errorf("server saw %q after %q: a request was sent on an ended context", after, before)
	}
}

func TestManyRequestsReleaseCallbacks(t *testing.T) {
	s := startServer(t)
	for range 50 {
		if _, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + "/echo"}); err != nil {
			t.Fatal(err)
		}
	}
	checkNoLeaks(t)
}

func TestOnlyPresentHeadersReported(t *testing.T) {
	s := startServer(t)
	res, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: s.base + "/empty"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Header) != 0 {
		t.Errorf("headers %v, want none (204 without content-type, location or retry-after)", res.Header)
	}
}

func TestWithoutTheHelper(t *testing.T) {
	for _, request := range []any{nil, "not a function"} {
		res, err := New(jsx.Safe(js.ValueOf(request))).Do(context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:9/"})
		if !errors.Is(err, transport.ErrNetwork) || !strings.Contains(err.Error(), "request helper") || res != nil {
			t.Errorf("request %v: got %v, %v; want a network error naming the missing helper", request, res, err)
		}
	}
	checkNoLeaks(t)
}

func TestMalformedSettle(t *testing.T) {
	bad := []string{
		`settle(id, undefined, "200", "", new Uint8Array(0))`, // status not a number
		`settle(id, undefined, 200, 5, new Uint8Array(0))`,    // headers not a string
		`settle(id, undefined, 200, "", "body")`,              // body not a Uint8Array
		`settle(id)`,
	}
	for _, b := range bad {
		helper := jsFunc(t, "const [settle, id] = [arguments[9], arguments[10]]; queueMicrotask(() => "+b+"); return () => {};")
		_, err := New(helper).Do(context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:9/"})
		if !errors.Is(err, transport.ErrNetwork) {
			t.Errorf("%s: err = %v, want ErrNetwork", b, err)
		}
	}
	checkNoLeaks(t)
}

// TestHeaderLinesKeptWithoutSecrets: the same header lines without a
// secret are made into a JS string once, whatever the map's order; lines
// with a secret header, in any case, are never kept.
func TestHeaderLinesKeptWithoutSecrets(t *testing.T) {
	s := startServer(t)
	plain := map[string]string{"Accept": "application/json", "Content-Type": "application/json"}
	for _, h := range []map[string]string{plain, plain, {"Content-Type": "application/json", "Accept": "application/json"},
		{"Accept": "application/json", "Authorization": "Bearer tok-123"}, {"Accept": "application/json", "authorization": "Bearer tok-456"}} {
		if _, err := do(t, context.Background(), &transport.Request{Method: "POST", URL: s.base + "/echo", Header: h, Body: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	if lines, secret := headerLines(plain); lines != "Accept\napplication/json\nContent-Type\napplication/json" || secret {
		t.Errorf("headerLines = %q, %v", lines, secret)
	}
	if _, secret := headerLines(map[string]string{"x-session-token": "t"}); !secret {
		t.Error("X-Session-Token in lower case not seen as a secret")
	}
	sh, err := sharedOnce()
	if err != nil {
		t.Fatal(err)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.headers["Accept\napplication/json\nContent-Type\napplication/json"]; !ok {
		t.Error("the plain header lines are not kept")
	}
	for lines := range sh.headers {
		if strings.Contains(lines, "tok-") {
			t.Errorf("header lines with a secret kept: %q", lines)
		}
	}
}
