//go:build !js

package kratoslocal

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	email    = "alice@example.com"
	password = "correct-horse-battery-staple-42"
	origin   = "http://127.0.0.1:8080"
)

// call sends one JSON request the way an API client does (Accept JSON, no
// cookies, no Origin) and decodes the answer.
func call(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("X-Session-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s %s: HTTP %d, not JSON: %.300s", method, url, resp.StatusCode, data)
	}
	return resp.StatusCode, m
}

// str digs a string out of nested JSON objects.
func str(m map[string]any, path ...string) string {
	var v any = m
	for _, k := range path {
		o, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = o[k]
	}
	s, _ := v.(string)
	return s
}

// ctxT is a context for one admin call or wait.
func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// loginAAL1 runs A1+A2 and returns the session token.
func loginAAL1(t *testing.T, s *Server) string {
	t.Helper()
	st, flow := call(t, "GET", s.PublicURL+"/self-service/login/api", "", nil)
	if st != 200 || str(flow, "id") == "" {
		t.Fatalf("create login flow: HTTP %d %v", st, flow)
	}
	if got := str(flow, "ui", "action"); !strings.HasPrefix(got, s.PublicURL+"/self-service/login?flow=") {
		t.Errorf("ui.action = %q, want it under the public URL %s", got, s.PublicURL)
	}
	st, sess := call(t, "POST", s.PublicURL+"/self-service/login?flow="+str(flow, "id"), "",
		map[string]any{"method": "password", "identifier": email, "password": password})
	token := str(sess, "session_token")
	if st != 200 || token == "" {
		t.Fatalf("password step: HTTP %d %v", st, sess)
	}
	if got := str(sess, "session", "authenticator_assurance_level"); got != "aal1" {
		t.Fatalf("after password: aal %q, want aal1", got)
	}
	return token
}

// firstCode creates an aal2 flow for the session token and has its first
// code mailed: by the flow's creation when Kratos sends on creation (v26:
// the new flow is already in state sent_email), else by the send request
// (v1.3.1). It returns the flow's URL.
func firstCode(t *testing.T, s *Server, token string) string {
	t.Helper()
	st, flow := call(t, "GET", s.PublicURL+"/self-service/login/api?aal=aal2", token, nil)
	if st != 200 || str(flow, "requested_aal") != "aal2" {
		t.Fatalf("create aal2 flow: HTTP %d %v", st, flow)
	}
	flowURL := s.PublicURL + "/self-service/login?flow=" + str(flow, "id")
	if str(flow, "state") != "sent_email" {
		st, flow = call(t, "POST", flowURL, token, map[string]any{"method": "code", "address": email})
		if str(flow, "state") != "sent_email" {
			t.Fatalf("send code: HTTP %d state %q, want sent_email", st, str(flow, "state"))
		}
	}
	return flowURL
}

// TestLoginPasswordThenCode runs the whole API flow against a real Kratos:
// password (AAL1), code sent by mail, code read by WaitCode, AAL2.
func TestLoginPasswordThenCode(t *testing.T) {
	s := forTest(t, Options{AllowedOrigins: []string{origin}})
	id, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password)
	if err != nil || id == "" {
		t.Fatalf("CreateIdentity = %q, %v", id, err)
	}

	token := loginAAL1(t, s)
	before := time.Now()
	flowURL := firstCode(t, s, token)
	code, err := s.WaitCode(ctxT(t, 10*time.Second), email, before)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 6 {
		t.Fatalf("code %q is not 6 digits", code)
	}
	mails, err := s.Mails(ctxT(t, 10*time.Second), email)
	if err != nil || len(mails) != 1 {
		t.Fatalf("Mails = %d mails, %v; want 1", len(mails), err)
	}
	if m := mails[0]; m.To != email || m.Code != code || m.ID == "" || m.Subject == "" || !m.CreatedAt.After(before) {
		t.Errorf("mail = {ID:%q To:%q Subject:%q CreatedAt:%s code matches:%v}, created after %s", m.ID, m.To, m.Subject, m.CreatedAt, m.Code == code, before)
	}

	st, sess := call(t, "POST", flowURL, token, map[string]any{"method": "code", "code": code})
	if st != 200 || str(sess, "session", "authenticator_assurance_level") != "aal2" {
		t.Fatalf("verify code: HTTP %d %v", st, sess)
	}
	st, who := call(t, "GET", s.PublicURL+"/sessions/whoami", token, nil)
	if st != 200 || str(who, "authenticator_assurance_level") != "aal2" || str(who, "identity", "id") != id {
		t.Fatalf("whoami: HTTP %d %v", st, who)
	}
}

// TestConfigNamesTheRunningVersion: the config carries the release that
// runs (Server.Version, from the binary), so Kratos logs no "Config version
// is … but kratos runs on …" warning, whichever binary $KRATOS_BIN names.
func TestConfigNamesTheRunningVersion(t *testing.T) {
	s := forTest(t, Options{})
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+`).MatchString(s.Version) {
		t.Fatalf("Server.Version = %q", s.Version)
	}
	b, err := os.ReadFile(filepath.Join(s.Dir, "kratos.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Version string }
	if err := json.Unmarshal(b, &cfg); err != nil || cfg.Version != s.Version {
		t.Fatalf("kratos.yml version %q (%v), want %q", cfg.Version, err, s.Version)
	}
	if log := s.out.since(0); strings.Contains(log, "Config version is") {
		t.Fatalf("Kratos warned about the config version:\n%s", log)
	}
}

// TestWaitCodeNewerThan: a resend makes a second mail; WaitCode with the
// time before the resend returns the new code, with a zero time the newest.
func TestWaitCodeNewerThan(t *testing.T) {
	s := forTest(t, Options{})
	if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err != nil {
		t.Fatal(err)
	}
	token := loginAAL1(t, s)
	var codes []string
	before := time.Now()
	flowURL := firstCode(t, s, token)
	for i := range 2 {
		code, err := s.WaitCode(ctxT(t, 10*time.Second), email, before)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
		if i == 0 {
			before = time.Now()
			if st, f := call(t, "POST", flowURL, token, map[string]any{"method": "code", "resend": "code", "address": email}); str(f, "state") != "sent_email" {
				t.Fatalf("resend: HTTP %d state %q", st, str(f, "state"))
			}
		}
	}
	newest, err := s.WaitCode(ctxT(t, 10*time.Second), email, time.Time{})
	if err != nil || newest != codes[1] {
		t.Fatalf("WaitCode(zero time) = %q, %v; want the resent code", newest, err)
	}
	// Nothing newer than now: WaitCode must wait until its context ends.
	_, err = s.WaitCode(ctxT(t, 300*time.Millisecond), email, time.Now())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitCode(now) = %v, want deadline exceeded", err)
	}
	if st, sess := call(t, "POST", flowURL, token, map[string]any{"method": "code", "code": codes[1]}); st != 200 {
		t.Fatalf("verify resent code: HTTP %d %v", st, sess)
	}
}

// TestStopLeavesNothing: after Stop the process is gone (signal 0 fails),
// the temp dir is removed, and a second Stop is a no-op.
func TestStopLeavesNothing(t *testing.T) {
	s, err := Start(ctxT(t, 10*time.Minute), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(s.PID, 0); err != nil {
		t.Fatalf("kratos pid %d not running after Start: %v", s.PID, err)
	}
	// WAL mode proves the DSN options were accepted.
	if _, err := os.Stat(filepath.Join(s.Dir, "kratos.sqlite-wal")); err != nil {
		t.Errorf("no WAL file next to the database: %v", err)
	}
	t0 := time.Now()
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	t.Logf("Stop took %s", time.Since(t0).Round(time.Millisecond))
	if err := syscall.Kill(s.PID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("signal 0 to pid %d after Stop = %v, want ESRCH", s.PID, err)
	}
	if err := syscall.Kill(-s.PID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("signal 0 to process group %d after Stop = %v, want ESRCH", s.PID, err)
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Errorf("temp dir %s still there: %v", s.Dir, err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if _, err := http.Get(s.PublicURL + "/health/alive"); err == nil {
		t.Errorf("public port still answers after Stop")
	}
}

// TestTwoServersSideBySide starts two at once: distinct ports, separate
// databases (the same email can exist in both).
func TestTwoServersSideBySide(t *testing.T) {
	var (
		wg      sync.WaitGroup
		servers [2]*Server
		errs    [2]error
	)
	for i := range servers {
		wg.Go(func() {
			servers[i], errs[i] = Start(ctxT(t, 10*time.Minute), Options{AllowedOrigins: []string{origin}})
		})
	}
	wg.Wait()
	for i, s := range servers {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		t.Cleanup(func() {
			if err := s.Stop(); err != nil {
				t.Errorf("Stop: %v", err)
			}
		})
	}
	a, b := servers[0], servers[1]
	if a.PublicURL == b.PublicURL || a.AdminURL == b.AdminURL || a.PID == b.PID || a.Dir == b.Dir {
		t.Fatalf("servers share something: %+v / %+v", a, b)
	}
	for _, s := range servers {
		if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err != nil {
			t.Fatalf("%s: %v", s.AdminURL, err)
		}
		loginAAL1(t, s)
	}
}

// TestLoginFlowExpires: with a 1s login lifespan a flow submitted after
// 1.5s is refused with 410 and a replacement flow id.
func TestLoginFlowExpires(t *testing.T) {
	s := forTest(t, Options{LoginLifespan: time.Second})
	if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err != nil {
		t.Fatal(err)
	}
	_, flow := call(t, "GET", s.PublicURL+"/self-service/login/api", "", nil)
	issued, err1 := time.Parse(time.RFC3339Nano, str(flow, "issued_at"))
	expires, err2 := time.Parse(time.RFC3339Nano, str(flow, "expires_at"))
	if err1 != nil || err2 != nil || expires.Sub(issued).Round(100*time.Millisecond) != time.Second {
		t.Errorf("flow lifespan = %s (%v %v), want 1s", expires.Sub(issued), err1, err2)
	}
	time.Sleep(1500 * time.Millisecond)
	st, body := call(t, "POST", s.PublicURL+"/self-service/login?flow="+str(flow, "id"), "",
		map[string]any{"method": "password", "identifier": email, "password": password})
	if st != 410 || str(body, "error", "id") != "self_service_flow_expired" || str(body, "use_flow_id") == "" {
		t.Fatalf("expired flow: HTTP %d %v, want 410 self_service_flow_expired with use_flow_id", st, body)
	}
}

// TestOptionsReachKratos checks CORS for the allowed origin (and not for
// another), highest_available, the code lifespan and DeleteIdentity.
func TestOptionsReachKratos(t *testing.T) {
	s := forTest(t, Options{
		AllowedOrigins: []string{origin},
		RequiredAAL:    "highest_available",
		CodeLifespan:   90 * time.Second,
	})
	for o, want := range map[string]string{origin: origin, "http://localhost:9999": ""} {
		req, _ := http.NewRequest("OPTIONS", s.PublicURL+"/self-service/login?flow=x", nil)
		req.Header.Set("Origin", o)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "accept,content-type,x-session-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want %q", o, got, want)
		}
		if want != "" && resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("preflight from %s: credentials not allowed", o)
		}
	}

	id, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password)
	if err != nil {
		t.Fatal(err)
	}
	token := loginAAL1(t, s)
	st, who := call(t, "GET", s.PublicURL+"/sessions/whoami", token, nil)
	if st != 403 || str(who, "error", "id") != "session_aal2_required" {
		t.Errorf("whoami with aal1 under highest_available: HTTP %d %v, want 403 session_aal2_required", st, who)
	}
	_, flow := call(t, "GET", s.PublicURL+"/self-service/login/api?aal=aal2", token, nil)
	call(t, "POST", s.PublicURL+"/self-service/login?flow="+str(flow, "id"), token, map[string]any{"method": "code", "address": email})
	if _, err := s.WaitCode(ctxT(t, 10*time.Second), email, time.Time{}); err != nil {
		t.Fatal(err)
	}

	if err := s.DeleteIdentity(ctxT(t, 10*time.Second), id); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteIdentity(ctxT(t, 10*time.Second), id); err == nil {
		t.Error("deleting a deleted identity succeeded")
	}
	if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err != nil {
		t.Fatalf("re-create after delete: %v", err)
	}
}

// TestCreateIdentityErrorHidesPassword: a refused identity (duplicate)
// gives an error that does not contain the password.
func TestCreateIdentityErrorHidesPassword(t *testing.T) {
	s := forTest(t, Options{})
	if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password)
	if err == nil {
		t.Fatal("duplicate identity accepted")
	}
	if strings.Contains(err.Error(), password) {
		t.Fatal("error contains the password")
	}
	if !strings.Contains(err.Error(), "409") {
		t.Errorf("duplicate: %v, want HTTP 409", err)
	}
}

// TestStartFailureReportsLog: a port that is taken makes Start fail fast
// with Kratos's own words, and leaves no process behind.
func TestStartFailureReportsLog(t *testing.T) {
	s := forTest(t, Options{})
	port, _ := strconv.Atoi(s.PublicURL[strings.LastIndex(s.PublicURL, ":")+1:])
	_, err := Start(ctxT(t, time.Minute), Options{PublicPort: port})
	if err == nil {
		t.Fatal("Start on a taken port succeeded")
	}
	if !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("error does not carry the log: %v", err)
	}
}

// TestBinaryIdempotent: a second call returns the same executable at once.
func TestBinaryIdempotent(t *testing.T) {
	p1, err := Binary(ctxT(t, 10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	p2, err := Binary(ctxT(t, time.Minute))
	if err != nil || p1 != p2 {
		t.Fatalf("Binary = %q, %v; first %q", p2, err, p1)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("cached Binary took %s", d)
	}
	if err := checkExecutable(p1); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(p1, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("kratos version: %v\n%s", err, out)
	}
	v, err := BinaryVersion(ctxT(t, time.Minute), p1)
	if err != nil || !strings.Contains(string(out), "Version:\t\t\t"+v+"\n") {
		t.Fatalf("BinaryVersion = %q, %v; kratos version printed:\n%s", v, err, out)
	}
	if os.Getenv(BinaryEnv) == "" && v != BuildVersion {
		t.Fatalf("the cached build is %s, want %s", v, BuildVersion)
	}
}

// helperEnv marks the child of TestParentDeathKillsKratos.
const helperEnv = "KRATOSLOCAL_TEST_HELPER_DIR"

// TestParentDeathKillsKratos: when the process that started Kratos is
// SIGKILLed (no Stop, no cleanup), the kernel kills Kratos (Pdeathsig).
func TestParentDeathKillsKratos(t *testing.T) {
	if dir := os.Getenv(helperEnv); dir != "" {
		s, err := Start(context.Background(), Options{Dir: dir})
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println("PID", s.PID)
		select {} // wait to be killed
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestParentDeathKillsKratos$")
	cmd.Env = append(os.Environ(), helperEnv+"="+t.TempDir())
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	pid := 0
	for sc.Scan() {
		if n, err := fmt.Sscanf(sc.Text(), "PID %d", &pid); n == 1 && err == nil {
			break
		}
		t.Logf("helper: %s", sc.Text())
	}
	if pid == 0 {
		t.Fatal("helper did not start Kratos")
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Fatalf("kratos %d not running: %v", pid, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(-pid, syscall.SIGKILL)
			t.Fatalf("kratos %d survived its parent", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether pid runs (a zombie waiting for a reaper that is
// not us counts as dead).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// TestDuration: the config's durations match Kratos's schema pattern.
func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second: "1s", 10 * time.Minute: "600s", 1500 * time.Millisecond: "1500ms", 1500 * time.Microsecond: "1500000ns",
	} {
		if got := duration(d); got != want {
			t.Errorf("duration(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestCodeIn: the code is the only 6-digit run.
func TestCodeIn(t *testing.T) {
	for body, want := range map[string]string{
		"Hi,\n\nplease login to your account by entering the following code:\n\n123456\n": "123456",
		"code 1234567": "", "no code": "", "123456 and 654321": "", "2024-01-01 code 000042": "000042",
	} {
		if got := codeIn(body); got != want {
			t.Errorf("codeIn(%q) = %q, want %q", body, got, want)
		}
	}
}

// TestReusedDir: a given Dir is kept by Stop, and a second Start on it
// migrates the existing database instead of replacing it. Options.Log
// receives Kratos's output.
func TestReusedDir(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	s, err := Start(ctxT(t, 10*time.Minute), Options{Dir: dir, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if s.LogPath != "" {
		t.Errorf("LogPath = %q with Options.Log set", s.LogPath)
	}
	_, err = s.CreateIdentity(ctxT(t, 10*time.Second), email, password)
	if stopErr := s.Stop(); err != nil || stopErr != nil {
		t.Fatal(err, stopErr)
	}
	if !strings.Contains(log.String(), "Starting the public httpd") {
		t.Errorf("Options.Log did not get Kratos's output: %.500s", log.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "kratos.sqlite")); err != nil {
		t.Fatalf("Stop removed the caller's Dir: %v", err)
	}

	s = forTest(t, Options{Dir: dir})
	if s.LogPath != filepath.Join(dir, "kratos.log") {
		t.Errorf("LogPath = %q", s.LogPath)
	}
	if _, err := s.CreateIdentity(ctxT(t, 10*time.Second), email, password); err == nil || !strings.Contains(err.Error(), "409") {
		t.Fatalf("identity did not survive the restart: %v", err)
	}
	loginAAL1(t, s)
}
