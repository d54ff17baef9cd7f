//go:build !js

package offline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/transport"
)

// Unit tests of what only the offline Ory has: its Go API.

const base = "http://ory.test"

// call sends one request to o and fails t on a transport error.
func call(t testing.TB, o *Ory, method, path string, body any, cred transport.Credentials, hdr ...string) *transport.Response {
	t.Helper()
	r := &transport.Request{Method: method, URL: base + path, Header: map[string]string{"Accept": "application/json"}, Credentials: cred}
	if body != nil {
		b, _ := json.Marshal(body)
		r.Body = b
		r.Header["Content-Type"] = "application/json"
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header[hdr[i]] = hdr[i+1]
	}
	res, err := o.Do(context.Background(), r)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

func bodyField(t testing.TB, res *transport.Response, key string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(res.Body, &m); err != nil {
		t.Fatalf("body: %v: %s", err, res.Body)
	}
	s, _ := m[key].(string)
	return s
}

// apiLogin runs the password step of an api flow and returns the token.
func apiLogin(t testing.TB, o *Ory, email, password string) string {
	t.Helper()
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit), "id")
	res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "password", "identifier": email, "password": password}, transport.CredentialsOmit)
	if res.Status != 200 {
		t.Fatalf("password step: %d %s", res.Status, res.Body)
	}
	return bodyField(t, res, "session_token")
}

// apiStepUp runs the code step for token and returns the verify answer.
func apiStepUp(t testing.TB, o *Ory, token, email string) *transport.Response {
	t.Helper()
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", token), "id")
	if res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "address": email}, transport.CredentialsOmit, "X-Session-Token", token); res.Status != 400 {
		t.Fatalf("send: %d %s", res.Status, res.Body)
	}
	in := o.Inbox()
	return call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "code": in[len(in)-1].Code}, transport.CredentialsOmit, "X-Session-Token", token)
}

func whoamiStatus(t testing.TB, o *Ory, token string) int {
	t.Helper()
	return call(t, o, "GET", "/sessions/whoami", nil, transport.CredentialsOmit, "X-Session-Token", token).Status
}

func TestDemoIdentityAndHappyPath(t *testing.T) {
	o := New(Options{})
	tok := apiLogin(t, o, DemoEmail, DemoPassword)
	if !strings.HasPrefix(tok, "ory_st_") {
		t.Fatalf("token %q", tok)
	}
	res := apiStepUp(t, o, tok, DemoEmail)
	if res.Status != 200 || !strings.Contains(string(res.Body), `"authenticator_assurance_level":"aal2"`) {
		t.Fatalf("verify: %d %s", res.Status, res.Body)
	}
	if s := whoamiStatus(t, o, tok); s != 200 {
		t.Fatalf("whoami: %d", s)
	}
}

func TestInbox(t *testing.T) {
	o := New(Options{Kratos: KratosV1_3_1, Identities: []Identity{{Email: "a@example.com", Password: "pw-a"}, {Email: "b@example.com", Password: "pw-b"}}})
	if len(o.Inbox()) != 0 {
		t.Fatal("inbox not empty at start")
	}
	tok := apiLogin(t, o, "a@example.com", "pw-a")
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok), "id")
	for i := 0; i < 2; i++ {
		call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "resend": "code", "address": "a@example.com"}, transport.CredentialsOmit, "X-Session-Token", tok)
	}
	in := o.Inbox()
	if len(in) != 2 {
		t.Fatalf("inbox has %d mails, want 2", len(in))
	}
	for _, m := range in {
		if m.To != "a@example.com" || m.Subject != "Login to your account" || len(m.Code) != 6 || !strings.Contains(m.Body, "\n\n"+m.Code+"\n") {
			t.Errorf("mail %+v", m)
		}
	}
	in[0].To = "changed" // a copy: the Ory's inbox is not affected
	if o.Inbox()[0].To != "a@example.com" {
		t.Error("Inbox returned the Ory's own slice")
	}
	// Only the newest code works.
	res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "code": in[1].Code}, transport.CredentialsOmit, "X-Session-Token", tok)
	if res.Status != 200 {
		t.Fatalf("newest code: %d %s", res.Status, res.Body)
	}
}

func TestReset(t *testing.T) {
	o := New(Options{})
	tok := apiLogin(t, o, DemoEmail, DemoPassword)
	apiStepUp(t, o, tok, DemoEmail)
	// a browser session in the jar
	fid := bodyField(t, call(t, o, "GET", "/self-service/login/browser", nil, transport.CredentialsInclude), "id")
	_ = fid
	o.Reset([]Identity{{Email: "new@example.com", Password: "new-password"}})
	if len(o.Inbox()) != 0 {
		t.Error("inbox survived Reset")
	}
	if s := whoamiStatus(t, o, tok); s != 401 {
		t.Errorf("whoami with old token after Reset: %d, want 401", s)
	}
	if len(o.jar) != 0 {
		t.Errorf("jar after Reset: %d cookies", len(o.jar))
	}
	if s := call(t, o, "GET", "/self-service/login/flows?id="+fid, nil, transport.CredentialsInclude).Status; s != 404 {
		t.Errorf("old flow after Reset: %d, want 404", s)
	}
	apiLogin(t, o, "new@example.com", "new-password")
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit), "id")
	if res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "password", "identifier": DemoEmail, "password": DemoPassword}, transport.CredentialsOmit); res.Status != 400 {
		t.Errorf("demo identity after Reset: %d, want 400", res.Status)
	}
	o.Reset(nil)
	apiLogin(t, o, DemoEmail, DemoPassword)
}

func TestFailNext(t *testing.T) {
	o := New(Options{})
	o.FailNext(503)
	res := call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit)
	var env struct {
		Error struct {
			Code   int    `json:"code"`
			Status string `json:"status"`
		} `json:"error"`
	}
	if res.Status != 503 || json.Unmarshal(res.Body, &env) != nil || env.Error.Code != 503 || env.Error.Status != "Service Unavailable" {
		t.Fatalf("injected failure: %d %s", res.Status, res.Body)
	}
	if len(o.flows) != 0 {
		t.Error("the failed request created a flow")
	}
	if s := call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit).Status; s != 200 {
		t.Fatalf("request after the failure: %d", s)
	}
	o.FailNext(500)
	o.FailNext(0)
	if s := call(t, o, "GET", "/health/ready", nil, transport.CredentialsOmit).Status; s != 200 {
		t.Fatalf("FailNext(0) did not clear: %d", s)
	}
}

func TestSetLatency(t *testing.T) {
	o := New(Options{})
	o.SetLatency(40 * time.Millisecond)
	start := time.Now()
	call(t, o, "GET", "/health/ready", nil, transport.CredentialsOmit)
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("answer after %s, want ≥ 40ms", d)
	}
	o.SetLatency(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := o.Do(ctx, &transport.Request{Method: "GET", URL: base + "/self-service/login/api"})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("Do with a deadline during latency: %v after %s", err, time.Since(start))
	}
	if len(o.flows) != 0 {
		t.Error("a cancelled request created a flow")
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if _, err := o.Do(cctx, &transport.Request{Method: "GET", URL: base + "/health/ready"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do with a cancelled context: %v", err)
	}
}

func TestAdvanceExpires(t *testing.T) {
	o := New(Options{LoginLifespan: time.Hour})
	tok := apiLogin(t, o, DemoEmail, DemoPassword)
	// The code (15m by default) expires before its flow (1h here): Kratos
	// then answers the aal2 flow with 4000001 "A valid session was detected".
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok), "id")
	call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "address": DemoEmail}, transport.CredentialsOmit, "X-Session-Token", tok)
	o.Advance(16 * time.Minute)
	res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "code": o.Inbox()[0].Code}, transport.CredentialsOmit, "X-Session-Token", tok)
	if res.Status != 400 || !strings.Contains(string(res.Body), `"id":4000001`) || !strings.Contains(string(res.Body), "A valid session was detected") {
		t.Fatalf("expired code: %d %s", res.Status, res.Body)
	}
	// The login flow expires after its lifespan: 410 with use_flow_id.
	fid := bodyField(t, call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit), "id")
	o.Advance(time.Hour + time.Second)
	res = call(t, o, "POST", "/self-service/login?flow="+fid, map[string]any{"method": "password", "identifier": DemoEmail, "password": DemoPassword}, transport.CredentialsOmit)
	if res.Status != 410 || bodyField(t, res, "use_flow_id") == "" {
		t.Fatalf("expired flow: %d %s", res.Status, res.Body)
	}
	// Sessions last 24h.
	o.Advance(24 * time.Hour)
	if s := whoamiStatus(t, o, tok); s != 401 {
		t.Fatalf("whoami after 24h: %d, want 401", s)
	}
}

func TestNowOption(t *testing.T) {
	t0 := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	o := New(Options{Now: func() time.Time { return t0 }})
	res := call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit)
	if got := bodyField(t, res, "issued_at"); got != "2030-01-02T03:04:05Z" {
		t.Fatalf("issued_at %q", got)
	}
	if got := bodyField(t, res, "expires_at"); got != "2030-01-02T03:14:05Z" {
		t.Fatalf("expires_at %q (default 10m lifespan)", got)
	}
	o.Advance(time.Minute)
	if got := bodyField(t, call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit), "issued_at"); got != "2030-01-02T03:05:05Z" {
		t.Fatalf("issued_at after Advance %q", got)
	}
}

func TestBrowserJarAndCredentials(t *testing.T) {
	o := New(Options{})
	res := call(t, o, "GET", "/self-service/login/browser", nil, transport.CredentialsInclude)
	if !strings.Contains(res.Header["set-cookie"], "csrf_token_") {
		t.Fatalf("no csrf cookie: %v", res.Header)
	}
	var f struct {
		ID string `json:"id"`
		UI struct {
			Nodes []struct {
				Attributes struct{ Name, Value string } `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	_ = json.Unmarshal(res.Body, &f)
	csrf := f.UI.Nodes[0].Attributes.Value
	body := map[string]any{"method": "password", "identifier": DemoEmail, "password": DemoPassword, "csrf_token": csrf}
	// Without the jar's cookies the csrf check fails.
	if s := call(t, o, "POST", "/self-service/login?flow="+f.ID, body, transport.CredentialsOmit).Status; s != 403 {
		t.Fatalf("omit: %d, want 403", s)
	}
	res = call(t, o, "POST", "/self-service/login?flow="+f.ID, body, transport.CredentialsInclude)
	if res.Status != 200 || !strings.Contains(res.Header["set-cookie"], "ory_kratos_session=") || strings.Contains(string(res.Body), "session_token") {
		t.Fatalf("include: %d %v %s", res.Status, res.Header, res.Body)
	}
	if s := call(t, o, "GET", "/sessions/whoami", nil, transport.CredentialsInclude).Status; s != 200 {
		t.Fatalf("whoami with the jar: %d", s)
	}
	if s := call(t, o, "GET", "/sessions/whoami", nil, transport.CredentialsOmit).Status; s != 401 {
		t.Fatalf("whoami without cookies: %d, want 401", s)
	}
}

func TestNoSecretsInAnswers(t *testing.T) {
	o := New(Options{Identities: []Identity{{Email: "s@example.com", Password: "very-secret-password"}}})
	id := bodyField(t, call(t, o, "GET", "/self-service/login/api", nil, transport.CredentialsOmit), "id")
	res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "password", "identifier": "s@example.com", "password": "very-secret-password-x"}, transport.CredentialsOmit)
	if strings.Contains(string(res.Body), "very-secret") {
		t.Fatalf("password echoed: %s", res.Body)
	}
	tok := apiLogin(t, o, "s@example.com", "very-secret-password")
	fid := bodyField(t, call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok), "id")
	call(t, o, "POST", "/self-service/login?flow="+fid, map[string]any{"method": "code", "address": "s@example.com"}, transport.CredentialsOmit, "X-Session-Token", tok)
	code := o.Inbox()[0].Code
	res = call(t, o, "POST", "/self-service/login?flow="+fid, map[string]any{"method": "code", "code": wrongCode(code)}, transport.CredentialsOmit, "X-Session-Token", tok)
	if strings.Contains(string(res.Body), code) || strings.Contains(string(res.Body), wrongCode(code)) || strings.Contains(string(res.Body), tok) {
		t.Fatalf("secret in a failed verify: %s", res.Body)
	}
}

func TestConcurrentDo(t *testing.T) {
	var ids []Identity
	for i := 0; i < 8; i++ {
		ids = append(ids, Identity{Email: fmt.Sprintf("u%d@example.com", i), Password: fmt.Sprintf("pw-%d", i)})
	}
	o := New(Options{Identities: ids})
	o.SetLatency(time.Millisecond)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				tok := apiLogin(t, o, id.Email, id.Password)
				fid := bodyField(t, call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok), "id")
				call(t, o, "POST", "/self-service/login?flow="+fid, map[string]any{"method": "code", "address": id.Email}, transport.CredentialsOmit, "X-Session-Token", tok)
				call(t, o, "GET", "/sessions/whoami", nil, transport.CredentialsInclude)
				_ = o.Inbox()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 0; k < 20; k++ {
			o.Advance(time.Millisecond)
			o.SetLatency(time.Millisecond)
		}
	}()
	wg.Wait()
	if n := len(o.Inbox()); n != 24 {
		t.Fatalf("inbox has %d mails, want 24", n)
	}
}

// TestWasmImports guards the wasm size and the layering: the wasm build
// links neither net/http nor regexp, and the package itself does not use
// syscall/js (the runtime links it anyway on js/wasm).
func TestWasmImports(t *testing.T) {
	goList := func(args ...string) []string {
		cmd := exec.Command("go", append([]string{"list"}, args...)...)
		cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		return strings.Fields(strings.Trim(string(out), "[]\n"))
	}
	for _, p := range goList("-deps", ".") {
		if p == "net/http" || p == "regexp" {
			t.Errorf("the wasm build of offline links %s", p)
		}
	}
	for _, p := range goList("-f", "{{.Imports}}", ".") {
		if p == "syscall/js" {
			t.Error("offline imports syscall/js")
		}
	}
}

func TestParseKratos(t *testing.T) {
	for in, want := range map[string]Kratos{"": DefaultKratos, "v1.3.1": KratosV1_3_1, "v26.2.0": KratosV26_2_0} {
		if got, err := ParseKratos(in); err != nil || got != want {
			t.Errorf("ParseKratos(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseKratos("v2.0.0")
	var unknown *UnknownKratosError
	if !errors.As(err, &unknown) || unknown.Name != "v2.0.0" || !strings.Contains(err.Error(), "v26.2.0") {
		t.Fatalf("ParseKratos(v2.0.0) error = %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("New with an unknown release did not panic")
		}
	}()
	New(Options{Kratos: "v2.0.0"})
}

// On v26 the aal2 flow mails the code when it is created: the flow
// answers sent_email with no address to choose, and the code verifies.
func TestV26SendsOnAAL2FlowCreation(t *testing.T) {
	o := New(Options{Kratos: KratosV26_2_0})
	tok := apiLogin(t, o, DemoEmail, DemoPassword)
	res := call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok)
	if res.Status != 200 || bodyField(t, res, "state") != "sent_email" || strings.Contains(string(res.Body), `"name":"address"`) {
		t.Fatalf("aal2 flow: %d %s", res.Status, res.Body)
	}
	in := o.Inbox()
	if len(in) != 1 || in[0].Subject != "Use code "+in[0].Code+" to log in" || !strings.Contains(in[0].Body, "\n\n"+in[0].Code+"\n\nIt expires in 15 minutes.") {
		t.Fatalf("inbox %+v", in)
	}
	id := bodyField(t, res, "id")
	if res := call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "code": in[0].Code}, transport.CredentialsOmit, "X-Session-Token", tok); res.Status != 200 {
		t.Fatalf("verify: %d %s", res.Status, res.Body)
	}
	// Without Accept, Kratos redirects to the login UI, and has mailed
	// the code all the same.
	tok = apiLogin(t, o, DemoEmail, DemoPassword)
	r := &transport.Request{Method: "GET", URL: base + "/self-service/login/api?aal=aal2", Header: map[string]string{"X-Session-Token": tok}}
	res, err := o.Do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 303 || !strings.HasPrefix(res.Header["location"], "http://ory.test/login.html?flow=") || len(o.Inbox()) != 2 {
		t.Fatalf("no Accept: %d %v, %d mails", res.Status, res.Header, len(o.Inbox()))
	}
}

// An SMS code's text is Kratos's: "Your login code is: <code>", to which
// v26 adds the expiry as it does to the e-mail (Kratos's own texts, read
// back from the courier of both releases).
func TestSMSTextPerRelease(t *testing.T) {
	for k, want := range map[Kratos]string{
		KratosV1_3_1:  "Your login code is: %s\n",
		KratosV26_2_0: "Your login code is: %s\n\nIt expires in 15 minutes.\n",
	} {
		o := New(Options{Kratos: k, Identities: []Identity{{Email: DemoEmail, Password: DemoPassword, Phone: testPhone}}})
		tok := apiLogin(t, o, DemoEmail, DemoPassword)
		res := call(t, o, "GET", "/self-service/login/api?aal=aal2", nil, transport.CredentialsOmit, "X-Session-Token", tok)
		id := bodyField(t, res, "id")
		call(t, o, "POST", "/self-service/login?flow="+id, map[string]any{"method": "code", "address": testPhone}, transport.CredentialsOmit, "X-Session-Token", tok)
		in := o.Inbox()
		if len(in) != 1 || in[0].To != testPhone || in[0].Subject != "" || in[0].Body != fmt.Sprintf(want, in[0].Code) {
			t.Errorf("%s: inbox %+v", k, in)
		}
	}
}

const testPhone = "+4915112345678"
