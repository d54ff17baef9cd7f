//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const pageOrigin = "http://127.0.0.1:8080"

// upstreamFake answers every request with a JSON flow and echoes what it
// saw in headers.
func upstreamFake(t *testing.T, seen chan<- *http.Request) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen != nil {
			seen <- r.Clone(context.Background())
		}
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"f1","ui":{"nodes":[{"type":"input"}],"messages":[{"id":1,"text":"real","type":"info"}]},"path":"`+r.URL.Path+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// startProxy runs the whole command and returns its ready line.
func startProxy(t *testing.T, upstream string) readyLine {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-upstream", upstream, "-allow-origin", pageOrigin}, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no ready line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	var ready readyLine
	if err := json.Unmarshal([]byte(line), &ready); err != nil {
		t.Fatal(err)
	}
	return ready
}

func control(t *testing.T, ready readyLine, path string, in any, out any) {
	t.Helper()
	b, _ := json.Marshal(in)
	res, err := http.Post(ready.Control+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("%s: HTTP %d %s", path, res.StatusCode, body)
	}
	if out != nil {
		json.NewDecoder(res.Body).Decode(out)
	}
}

type logReply struct {
	Seq     int     `json:"seq"`
	Entries []entry `json:"entries"`
}

func readLog(t *testing.T, ready readyLine, since int) logReply {
	t.Helper()
	res, err := http.Get(ready.Control + "/log?since=" + itoa(since))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var l logReply
	if err := json.NewDecoder(res.Body).Decode(&l); err != nil {
		t.Fatal(err)
	}
	return l
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// send makes one request from the page's origin.
func send(t *testing.T, method, url, body string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Origin", pageOrigin)
	req.Header.Set("Content-Type", "application/json")
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

func TestFaults(t *testing.T) {
	ready := startProxy(t, upstreamFake(t, nil))
	url := ready.URL + "/self-service/login"
	// One real answer first, so a truncated POST has a body to cut.
	if res, _, err := send(t, "POST", url, `{"method":"password","password":"x"}`); err != nil || res.StatusCode != 200 {
		t.Fatalf("forwarded: %v %v", res, err)
	}
	cases := []struct {
		fault  string
		status int
		check  func(t *testing.T, res *http.Response, body []byte)
	}{
		{faultStatus500, 500, nil},
		{faultStatus502, 502, nil},
		{faultStatus429, 429, func(t *testing.T, res *http.Response, _ []byte) {
			if res.Header.Get("Retry-After") != "" {
				t.Error("Retry-After on the plain 429")
			}
		}},
		{faultStatus429RetryAfter, 429, func(t *testing.T, res *http.Response, _ []byte) {
			if res.Header.Get("Retry-After") != "7" || res.Header.Get("Access-Control-Expose-Headers") != "Retry-After" {
				t.Errorf("headers %v", res.Header)
			}
		}},
		{faultTruncated, 200, func(t *testing.T, _ *http.Response, body []byte) {
			if json.Valid(body) || !bytes.HasPrefix(body, []byte(`{"id":"f1"`)) {
				t.Errorf("truncated body %q", body)
			}
		}},
		{faultNotJSON, 200, func(t *testing.T, _ *http.Response, body []byte) {
			if json.Valid(body) {
				t.Error("not-json is JSON")
			}
		}},
		{faultOversized, 200, func(t *testing.T, res *http.Response, body []byte) {
			if len(body) != oversizedBytes || !json.Valid(body) || res.ContentLength != -1 {
				t.Errorf("oversized: %d bytes, content-length %d", len(body), res.ContentLength)
			}
		}},
		{faultOversizedDeclared, 200, func(t *testing.T, res *http.Response, body []byte) {
			if len(body) != oversizedBytes || res.ContentLength != oversizedBytes {
				t.Errorf("oversized-declared: %d bytes, content-length %d", len(body), res.ContentLength)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.fault, func(t *testing.T) {
			control(t, ready, "/arm", rule{Fault: c.fault, Method: "POST"}, nil)
			res, body, err := send(t, "POST", url, `{"method":"code","code":"123456"}`)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if res.Header.Get("Access-Control-Allow-Origin") != pageOrigin || res.Header.Get("Access-Control-Allow-Credentials") != "true" {
				t.Errorf("the fault's answer lacks CORS: %v", res.Header)
			}
			if c.check != nil {
				c.check(t, res, body)
			}
			// Used once: the next request is forwarded.
			res, body, err = send(t, "POST", url, `{}`)
			if err != nil || res.StatusCode != 200 || !json.Valid(body) {
				t.Fatalf("after the fault: %v %s %v", res, body, err)
			}
		})
	}
}

func TestResetDelayAndLog(t *testing.T) {
	seen := make(chan *http.Request, 100)
	ready := startProxy(t, upstreamFake(t, seen))
	url := ready.URL + "/self-service/login"
	mark := readLog(t, ready, 0).Seq

	control(t, ready, "/arm", rule{Fault: faultReset}, nil)
	if _, _, err := send(t, "POST", url, `{"method":"password","identifier":"a","password":"pw"}`); err == nil {
		t.Fatal("a reset connection answered")
	}
	control(t, ready, "/arm", rule{Fault: faultDelay, HoldMs: 200}, nil)
	start := time.Now()
	res, _, err := send(t, "POST", url, `{"method":"code","code":"1"}`)
	if err != nil || res.StatusCode != 504 || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("delay: %v %v after %v", res, err, time.Since(start))
	}
	control(t, ready, "/arm", rule{Fault: faultDelay, HoldMs: 100, Forward: true}, nil)
	if res, _, err := send(t, "GET", ready.URL+"/sessions/whoami", ""); err != nil || res.StatusCode != 200 {
		t.Fatalf("delay then forward: %v %v", res, err)
	}
	if len(seen) != 1 {
		t.Fatalf("upstream saw %d requests, want only the held-then-forwarded one", len(seen))
	}
	<-seen

	l := readLog(t, ready, mark)
	if len(l.Entries) != 3 {
		t.Fatalf("log %+v", l.Entries)
	}
	want := []struct {
		fault   string
		carries string
		status  int
	}{{faultReset, "password", 0}, {faultDelay, "code", 504}, {faultDelay, "", 200}}
	for i, w := range want {
		e := l.Entries[i]
		if e.Fault != w.fault || strings.Join(e.Carries, ",") != w.carries || e.Status != w.status || !e.Done || !e.Origin {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	if l.Entries[0].Path != "/self-service/login" || l.Entries[0].BodyMethod != "password" {
		t.Errorf("entry 0 = %+v", l.Entries[0])
	}

	// A held request whose client gives up is never forwarded.
	control(t, ready, "/arm", rule{Fault: faultDelay, Forward: true, HoldMs: 5000}, nil)
	req, _ := http.NewRequest("POST", url, strings.NewReader(`{"code":"1"}`))
	if _, err := (&http.Client{Timeout: 300 * time.Millisecond}).Do(req); err == nil {
		t.Fatal("the held request answered")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		l := readLog(t, ready, 0)
		if last := l.Entries[len(l.Entries)-1]; last.Done {
			if last.Status != 0 {
				t.Fatalf("abandoned hold: %+v", last)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the abandoned hold never ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(seen) != 0 {
		t.Fatal("an abandoned request reached upstream")
	}
}

func TestRulesMatchSkipAndTimes(t *testing.T) {
	ready := startProxy(t, upstreamFake(t, nil))
	control(t, ready, "/arm", rule{Fault: faultStatus500, Method: "GET", Path: "/b", Skip: 1, Times: 2}, nil)
	var got []int
	for _, path := range []string{"/a", "/b", "/b", "/b", "/b"} {
		res, _, err := send(t, "GET", ready.URL+path, "")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.StatusCode)
	}
	if want := []int{200, 200, 500, 500, 200}; !equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	control(t, ready, "/arm", rule{Fault: faultStatus502, Times: -1}, nil)
	for range 3 {
		if res, _, _ := send(t, "GET", ready.URL+"/x", ""); res.StatusCode != 502 {
			t.Fatalf("times -1: %d", res.StatusCode)
		}
	}
	var out map[string]int
	control(t, ready, "/disarm", nil, &out)
	if out["armed"] != 1 {
		t.Fatalf("disarm: %v", out)
	}
	if res, _, _ := send(t, "GET", ready.URL+"/x", ""); res.StatusCode != 200 {
		t.Fatal("still armed after disarm")
	}
	// Bad rules are refused.
	for _, bad := range []string{`{"fault":"explode"}`, `{"fault":"500","times":-2}`, `{"fault":"inject","messages":[1]}`, `{"fault":"500","extra":1}`} {
		res, err := http.Post(ready.Control+"/arm", "application/json", strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("%s: HTTP %d", bad, res.StatusCode)
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestInjectAndStripOrigin(t *testing.T) {
	seen := make(chan *http.Request, 10)
	ready := startProxy(t, upstreamFake(t, seen))
	control(t, ready, "/arm", rule{Fault: faultInject,
		Messages: []json.RawMessage{json.RawMessage(`{"id":4000006,"text":"<img src=x>","type":"error"}`)},
		Nodes:    []json.RawMessage{json.RawMessage(`{"type":"script","attributes":{"src":"http://127.0.0.1:1/x.js","node_type":"script"}}`)},
	}, nil)
	_, body, err := send(t, "GET", ready.URL+"/self-service/login/browser", "")
	if err != nil {
		t.Fatal(err)
	}
	<-seen
	var flow struct {
		UI struct {
			Nodes    []map[string]any `json:"nodes"`
			Messages []map[string]any `json:"messages"`
		} `json:"ui"`
	}
	if err := json.Unmarshal(body, &flow); err != nil {
		t.Fatal(err)
	}
	if len(flow.UI.Messages) != 2 || flow.UI.Messages[1]["text"] != "<img src=x>" || len(flow.UI.Nodes) != 2 || flow.UI.Nodes[1]["type"] != "script" {
		t.Fatalf("injected body %s", body)
	}

	// Strip mode: upstream sees neither Origin nor Cookie; the proxy
	// answers preflights and CORS itself.
	control(t, ready, "/mode", map[string]bool{"stripOrigin": true}, nil)
	req, _ := http.NewRequest("OPTIONS", ready.URL+"/self-service/login", nil)
	req.Header.Set("Origin", pageOrigin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,accept")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != pageOrigin || res.Header.Get("Access-Control-Allow-Headers") != "content-type,accept" {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	if len(seen) != 0 {
		t.Fatal("a preflight reached upstream in strip mode")
	}
	req, _ = http.NewRequest("POST", ready.URL+"/self-service/login", strings.NewReader(`{}`))
	req.Header.Set("Origin", pageOrigin)
	req.Header.Set("Cookie", "a=b")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	up := <-seen
	if up.Header.Get("Origin") != "" || up.Header.Get("Cookie") != "" {
		t.Fatalf("upstream saw Origin %q Cookie %q", up.Header.Get("Origin"), up.Header.Get("Cookie"))
	}
	if res.Header.Get("Access-Control-Allow-Origin") != pageOrigin {
		t.Fatalf("strip mode answer lacks CORS: %v", res.Header)
	}
	// Another origin is not allowed.
	req, _ = http.NewRequest("GET", ready.URL+"/x", nil)
	req.Header.Set("Origin", "http://evil.example")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	<-seen
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("a foreign origin was allowed")
	}
}

func TestFlagsAndLoopbackOnly(t *testing.T) {
	for _, args := range [][]string{{"-addr", "0.0.0.0:0"}, {"-control", "192.0.2.1:0"}, {"-upstream", "ftp://x"}, {"extra"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
