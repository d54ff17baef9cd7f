//go:build js && wasm

package bridge

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// TestOfflineFlowToAAL2 runs the whole login through the JS API against
// the offline Ory, for both flow kinds: wrong password, password, step-up,
// wrong code, code, whoami, logout.
func TestOfflineFlowToAAL2(t *testing.T) {
	for _, kind := range []string{"api", "browser"} {
		t.Run(kind, func(t *testing.T) {
			const email, password = "flow@example.com", "correct-horse-" + secret
			resetOffline(t, email, password)
			c := newClient(t, map[string]any{"offline": true, "flow": kind})
			log := js(t, `const log = []; a.on("change", (s) => log.push("change:" + s.step + ":" + a.state.step)); return log;`, c)

			st := invoke(t, c, "startLogin").ok(t, "startLogin")
			wantState(t, st, "password", kind)
			if r := str(t, st, "requestedAAL"); r != "aal1" {
				t.Errorf("requestedAAL = %s", r)
			}
			if str(t, st, "flowId") == "<null>" {
				t.Errorf("flowId is null on a flow")
			}

			st = invoke(t, c, "submitPassword", map[string]any{"identifier": email, "password": "wrong-" + secret}).ok(t, "wrong password")
			wantState(t, st, "password", kind)
			wantMessage(t, st, 4000006)

			st = invoke(t, c, "submitPassword", map[string]any{"identifier": email, "password": password}).ok(t, "submitPassword")
			if step := str(t, st, "step"); step == "authenticated" {
				if a := str(t, st, "aal"); a != "aal1" {
					t.Errorf("aal after password = %s", a)
				}
				st = invoke(t, c, "startStepUp").ok(t, "startStepUp")
			}
			if r := str(t, st, "requestedAAL"); r != "aal2" {
				t.Fatalf("no aal2 flow after the password: %s", jsonOf(t, st))
			}
			if a := str(t, st, "aal"); a != "aal1" {
				t.Errorf("aal during step-up = %s", a)
			}
			if jsonOf(t, prop(t, st, "addresses")) != `["`+email+`"]` {
				t.Errorf("addresses = %s", jsonOf(t, prop(t, st, "addresses")))
			}
			if str(t, st, "step") == "choose_method" {
				st = invoke(t, c, "sendCode").ok(t, "sendCode")
			}
			wantState(t, st, "code_sent", kind)
			code := lastCode(t, email)

			st = invoke(t, c, "submitCode", map[string]any{"code": wrongCode(code)}).ok(t, "wrong code")
			wantState(t, st, "code_sent", kind)
			wantMessage(t, st, 4010008)

			st = invoke(t, c, "submitCode", map[string]any{"code": " " + code + " "}).ok(t, "submitCode")
			wantState(t, st, "authenticated", kind)
			if a := str(t, st, "aal"); a != "aal2" {
				t.Errorf("aal = %s", a)
			}
			if st2 := jsonOf(t, prop(t, c, "state")); st2 != jsonOf(t, st) {
				t.Errorf("client.state %s differs from the resolved state %s", st2, jsonOf(t, st))
			}
			checkSession(t, prop(t, st, "session"), email)
			checkExchanges(t, c, password, code)

			sess := invoke(t, c, "whoami").ok(t, "whoami")
			checkSession(t, sess, email)

			st = invoke(t, c, "logout").ok(t, "logout")
			wantState(t, st, "signed_out", kind)
			if !prop(t, st, "session").IsNull() || str(t, st, "aal") != "<null>" {
				t.Errorf("signed_out state keeps the session: %s", jsonOf(t, st))
			}
			if v := invoke(t, c, "whoami").ok(t, "whoami after logout"); !v.IsNull() {
				t.Errorf("whoami after logout = %s, want null", jsonOf(t, v))
			}

			// Every transition announced, after the state was updated.
			got := jsonOf(t, log)
			for _, step := range []string{"password", "code_sent", "authenticated", "signed_out"} {
				if !strings.Contains(got, `"change:`+step+`:`+step+`"`) {
					t.Errorf("no change event for %s in %s", step, got)
				}
			}
			if strings.Contains(got, secret) {
				t.Errorf("events show the password")
			}
		})
	}
}

// TestEventsBeforeResolve checks the documented order: state, listeners,
// then the Promise; and that unsubscribe stops the events.
func TestEventsBeforeResolve(t *testing.T) {
	resetOffline(t, "order@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	r := js(t, `
const log = [];
const off = a.on("change", (s) => log.push("listener:" + s.step));
const p = a.startLogin().then((s) => { log.push("resolved:" + s.step); return s; });
log.push("returned:" + a.state.step);
return {log, off, p};`, c)
	settle(t, prop(t, r, "p")).ok(t, "startLogin")
	want := `["returned:idle","listener:password","resolved:password"]`
	if got := jsonOf(t, prop(t, r, "log")); got != want {
		t.Errorf("order = %s", got)
	}

	off := prop(t, r, "off")
	if off.Type() != jsx.TypeFunction {
		t.Fatalf("on returned %s, not a function", jsString(off))
	}
	if _, err := off.Invoke(); err != nil {
		t.Fatal(err)
	}
	if _, err := off.Invoke(); err != nil { // twice is harmless
		t.Fatal(err)
	}
	invoke(t, c, "startLogin").ok(t, "startLogin after unsubscribe")
	if got := jsonOf(t, prop(t, r, "log")); got != want {
		t.Errorf("an unsubscribed listener ran: %s", got)
	}

	// A rejected call announces nothing.
	log2 := js(t, `const log = []; a.on("change", (s) => log.push(s.step)); return log;`, c)
	invoke(t, c, "submitPassword", map[string]any{"identifier": "x"}).rejects(t, "bad call", "invalid_argument")
	invoke(t, c, "submitCode", map[string]any{"code": "123456"}).rejects(t, "submitCode in password", "invalid_transition")
	if got := jsonOf(t, log2); got != `[]` {
		t.Errorf("rejected calls announced %s", got)
	}
}

func TestOnArguments(t *testing.T) {
	c := newClient(t, map[string]any{"offline": true})
	on := prop(t, c, "on")
	fn := js(t, `return () => {};`)
	for _, args := range [][]any{nil, {"change"}, {"change", 1}, {"changed", fn}, {1, fn}, {"", fn}} {
		if e := throws(t, "on", on, args); e.code != "invalid_argument" {
			t.Errorf("on(%v): %s", args, e)
		}
	}
}

// TestListenerThrows: a throwing listener is reported, the others still
// run and the Promise still resolves.
func TestListenerThrows(t *testing.T) {
	resetOffline(t, "throw@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	r := js(t, `
const log = [], reported = [];
const orig = console.error;
console.error = (e) => reported.push(String(e));
a.on("change", () => { throw new Error("listener bug"); });
a.on("change", (s) => log.push(s.step));
const p = a.startLogin().finally(() => { console.error = orig; });
return {log, reported, p};`, c)
	settle(t, prop(t, r, "p")).ok(t, "startLogin")
	if got := jsonOf(t, prop(t, r, "log")); got != `["password"]` {
		t.Errorf("second listener saw %s", got)
	}
	if got := jsonOf(t, prop(t, r, "reported")); !strings.Contains(got, "listener bug") {
		t.Errorf("the listener's exception was not reported: %s", got)
	}
}

// A listener may start the next call: the first is no longer in flight.
func TestListenerMayCall(t *testing.T) {
	resetOffline(t, "chain@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	r := js(t, `
let next;
const off = a.on("change", (s) => { if (s.step === "password" && !next) next = a.whoami(); });
const p = a.startLogin();
return {p, next: () => next, off};`, c)
	settle(t, prop(t, r, "p")).ok(t, "startLogin")
	next, _ := prop(t, r, "next").Invoke()
	if next.IsUndefined() {
		t.Fatal("the listener did not run")
	}
	if v := settle(t, next).ok(t, "whoami from a listener"); !v.IsNull() {
		t.Errorf("whoami = %s", jsonOf(t, v))
	}
	prop(t, r, "off").Invoke()
}

func TestExpiredAAL1FlowContinues(t *testing.T) {
	resetOffline(t, "expire@example.com", secret)
	c := newClient(t, map[string]any{"offline": true})
	first := invoke(t, c, "startLogin").ok(t, "startLogin")
	if _, err := prop(t, testAPI, "offline").Call("advance", 11*60*1000); err != nil {
		t.Fatal(err)
	}
	st := invoke(t, c, "submitPassword", map[string]any{"identifier": "expire@example.com", "password": secret}).ok(t, "submitPassword on an expired flow")
	wantState(t, st, "password", "api")
	wantMessage(t, st, 4010001)
	if str(t, st, "flowId") == str(t, first, "flowId") {
		t.Errorf("still on the expired flow")
	}
}

func wantState(t *testing.T, st jsx.Value, step, kind string) {
	t.Helper()
	if got := str(t, st, "step"); got != step {
		t.Fatalf("step = %s, want %s (state %s)", got, step, jsonOf(t, st))
	}
	if got := str(t, st, "flowKind"); got != kind {
		t.Errorf("flowKind = %s, want %s", got, kind)
	}
	for _, k := range []string{"addresses", "messages"} {
		if !truthy(js(t, `return Array.isArray(a[b]);`, st, k)) {
			t.Errorf("%s is not an array: %s", k, jsonOf(t, st))
		}
	}
	msgs := prop(t, st, "messages")
	n, _ := prop(t, msgs, "length").Int()
	for i := range n {
		m, _ := msgs.Index(i)
		if prop(t, m, "id").Type() != jsx.TypeNumber || prop(t, m, "text").Type() != jsx.TypeString {
			t.Errorf("message %s has the wrong shape", jsonOf(t, m))
		}
		if ty := str(t, m, "type"); ty != "info" && ty != "error" && ty != "success" {
			t.Errorf("message type %q", ty)
		}
		if f := prop(t, m, "field"); !f.IsUndefined() && (f.Type() != jsx.TypeString || str(t, m, "field") == "") {
			t.Errorf("field must be absent or a non-empty string: %s", jsonOf(t, m))
		}
	}
}

func wantMessage(t *testing.T, st jsx.Value, id int) {
	t.Helper()
	if !strings.Contains(jsonOf(t, prop(t, st, "messages")), `"id":`+strconv.Itoa(id)+`,`) {
		t.Errorf("no message %d in %s", id, jsonOf(t, prop(t, st, "messages")))
	}
}

var isoRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func checkSession(t *testing.T, s jsx.Value, email string) {
	t.Helper()
	if s.IsNull() || s.Type() != jsx.TypeObject {
		t.Fatalf("session = %s", jsString(s))
	}
	keys := jsonOf(t, js(t, `return Object.keys(a).sort();`, s))
	if keys != `["aal","active","authenticatedAt","expiresAt","id","identity","methods"]` {
		t.Errorf("session keys = %s", keys)
	}
	if str(t, s, "id") == "" || str(t, s, "aal") != "aal2" || !truthy(prop(t, s, "active")) {
		t.Errorf("session = %s", jsonOf(t, s))
	}
	for _, k := range []string{"expiresAt", "authenticatedAt"} {
		if v := str(t, s, k); !isoRE.MatchString(v) {
			t.Errorf("%s = %q, not an ISO time", k, v)
		} else if d := js(t, `return new Date(a).getTime() > 0;`, v); !truthy(d) {
			t.Errorf("%s does not parse as a Date", k)
		}
	}
	if m := jsonOf(t, prop(t, s, "methods")); !strings.Contains(m, "password") || !strings.Contains(m, "code") {
		t.Errorf("methods = %s", m)
	}
	id := prop(t, s, "identity")
	if str(t, id, "id") == "" || str(t, prop(t, id, "traits"), "email") != email {
		t.Errorf("identity = %s", jsonOf(t, id))
	}
}

// checkExchanges: the last call's exchanges, masked.
func checkExchanges(t *testing.T, c jsx.Value, secrets ...string) {
	t.Helper()
	xs := js(t, `return a.exchanges();`, c)
	n, _ := prop(t, xs, "length").Int()
	if n == 0 {
		t.Fatalf("no exchanges after submitCode")
	}
	all := jsonOf(t, xs)
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("exchanges show a secret")
		}
	}
	x, _ := xs.Index(0)
	keys := jsonOf(t, js(t, `return Object.keys(a).sort();`, x))
	if keys != `["curl","durationMs","method","requestBody","requestHeaders","responseBody","status","url"]` {
		t.Errorf("exchange keys = %s", keys)
	}
	if str(t, x, "method") != "POST" || !strings.HasPrefix(str(t, x, "url"), OfflineBaseURL+"/self-service/login") ||
		!strings.HasPrefix(str(t, x, "curl"), "curl ") || prop(t, x, "durationMs").Type() != jsx.TypeNumber {
		t.Errorf("first exchange = %s", jsonOf(t, x))
	}
	if st, _ := prop(t, x, "status").Int(); st != 200 {
		t.Errorf("status = %d", st)
	}
}

// lastCode is the code of the newest offline mail to email.
func lastCode(t *testing.T, email string) string {
	t.Helper()
	inbox, err := prop(t, testAPI, "offline").Call("inbox")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := prop(t, inbox, "length").Int()
	if n == 0 {
		t.Fatal("inbox is empty")
	}
	m, _ := inbox.Index(n - 1)
	if str(t, m, "to") != email {
		t.Fatalf("newest mail to %s", str(t, m, "to"))
	}
	code := str(t, m, "code")
	if len(code) != 6 || !strings.Contains(str(t, m, "body"), code) || str(t, m, "subject") == "" {
		t.Fatalf("mail has no 6-digit code in its body")
	}
	return code
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}
