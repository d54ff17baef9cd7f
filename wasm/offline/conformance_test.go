//go:build !js

package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/httptransport"
)

// returnURL is the page origin both Kratos and the offline Ory announce in
// a browser login's continue_with.
const returnURL = "http://127.0.0.1:8080/"

// shortLifespan is the login flow and code lifespan of the "short"
// configuration, where expiry is tested; expireBy goes past it.
const (
	shortLifespan = 2 * time.Second
	expireBy      = shortLifespan + 700*time.Millisecond
)

// config is one Kratos configuration and the offline options that mirror it.
type config struct {
	name    string
	kratos  *testkit.Kratos // started on first use
	offline Options
	// factors gives alice a phone, an authenticator app and backup codes
	// (linked through Kratos's settings API flow on a real Kratos).
	factors bool
}

var configs = map[string]*config{
	"default": {name: "default",
		kratos:  testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"}}),
		offline: Options{ReturnURL: returnURL}},
	"highest": {name: "highest",
		kratos:  testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"}, RequiredAAL: "highest_available"}),
		offline: Options{ReturnURL: returnURL, RequiredAAL: "highest_available"}},
	"idfirst": {name: "idfirst",
		kratos:  testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"}, Env: kratoslocal.Methods{IdentifierFirst: true}.Env()}),
		offline: Options{ReturnURL: returnURL, LoginStyle: LoginIdentifierFirst}},
	"passwordless": {name: "passwordless",
		kratos:  testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"}, Env: kratoslocal.Methods{Passwordless: true}.Env()}),
		offline: Options{ReturnURL: returnURL, Passwordless: true}},
	"short": {name: "short",
		kratos:  testkit.LazyKratos(kratoslocal.Options{AllowedOrigins: []string{"http://127.0.0.1:8080"}, LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}),
		offline: Options{ReturnURL: returnURL, LoginLifespan: shortLifespan, CodeLifespan: shortLifespan}},
}

// TestMain stops the Kratos servers the tests started (each on first use,
// so fuzzing and the offline-only tests start none). A Kratos that cannot
// start fails the tests that need it: the suite never skips.
func TestMain(m *testing.M) { testkit.Main(m) }

// dialectOf is the offline Ory's dialect that must match the live Kratos
// the configuration runs (v1.3.1, or the release KRATOS_BIN names): a
// release the offline Ory does not speak fails rather than comparing
// against the wrong dialect.
func dialectOf(t testing.TB, c *config) Kratos {
	t.Helper()
	v := c.kratos.Server(t).Version
	d, err := ParseKratos(v)
	if err != nil {
		t.Fatalf("live Kratos %s: %v", v, err)
	}
	return d
}

// users are the identities of one scenario run.
type users struct {
	alice, bob         string
	alicePass, bobPass string
	phone              string // alice's, in the "factors" configuration
}

func newUsers() users {
	return users{alice: uniqueEmail("alice"), bob: uniqueEmail("bob"), alicePass: "alice-" + randomString(12, alphaNum), bobPass: "bob-" + randomString(12, alphaNum),
		phone: "+49151" + randomString(8, "0123456789")}
}

// kratosBackend gives a scenario a real Kratos with the scenario's
// identities and a fresh cookie jar.
func kratosBackend(t testing.TB, c *config, u users) backend {
	srv := c.kratos.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, id := range []struct{ email, pass string }{{u.alice, u.alicePass}, {u.bob, u.bobPass}} {
		var err error
		if c.factors && id.email == u.alice {
			_, err = srv.CreateIdentityWithTraits(ctx, map[string]any{"email": id.email, "phone": u.phone}, id.pass)
		} else {
			_, err = srv.CreateIdentity(ctx, id.email, id.pass)
		}
		if err != nil {
			t.Fatalf("kratos %s: creating identity: %v", c.name, err)
		}
	}
	var secret string
	var backup []string
	if c.factors {
		token, err := srv.APILogin(ctx, u.alice, u.alicePass)
		if err == nil {
			secret, err = srv.LinkTOTP(ctx, token)
		}
		if err == nil {
			backup, err = srv.LinkBackupCodes(ctx, token)
		}
		if err != nil {
			t.Fatalf("kratos %s: linking second factors: %v", c.name, err)
		}
	}
	return backend{
		totp:        func() string { return mustTOTP(t, secret) },
		backupCodes: backup,
		name:        "kratos-" + srv.Version,
		tr:          httptransport.New(),
		base:        srv.PublicURL,
		code: func(email string) string {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			code, err := srv.WaitCode(ctx, email, time.Time{})
			if err != nil {
				t.Fatalf("kratos %s: %v", c.name, err)
			}
			return code
		},
		codes: func(email string) []string {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			mails, err := srv.Mails(ctx, email)
			if err != nil {
				t.Fatalf("kratos %s: %v", c.name, err)
			}
			var codes []string
			for i := len(mails) - 1; i >= 0; i-- {
				if mails[i].Code != "" {
					codes = append(codes, mails[i].Code)
				}
			}
			return codes
		},
		expire: time.Sleep,
	}
}

// offlineBackend gives a scenario a new offline Ory speaking dialect with
// the same identities and the configuration's options.
func offlineBackend(c *config, u users, dialect Kratos) (backend, *Ory) {
	o := c.offline
	o.Kratos = dialect
	o.Identities = []Identity{{Email: u.alice, Password: u.alicePass}, {Email: u.bob, Password: u.bobPass}}
	if c.factors {
		o.Identities[0].TOTPSecret, o.Identities[0].BackupCodes, o.Identities[0].Phone = testTOTPSecret, testBackupCodes, u.phone
	}
	ory := New(o)
	return backend{
		totp:        func() string { return mustTOTP(nil, testTOTPSecret) },
		backupCodes: testBackupCodes,
		name:        "offline",
		tr:          ory,
		base:        "http://offline.test",
		code: func(email string) string {
			in := ory.Inbox()
			for i := len(in) - 1; i >= 0; i-- {
				if in[i].To == email {
					return in[i].Code
				}
			}
			return ""
		},
		codes: func(email string) []string {
			var codes []string
			for _, m := range ory.Inbox() {
				if m.To == email {
					codes = append(codes, m.Code)
				}
			}
			return codes
		},
		expire: ory.Advance,
	}, ory
}

// scenario is one conversation with Ory, run for each flow kind it lists.
type scenario struct {
	name   string
	config string
	kinds  []string
	run    func(d *driver, u users)
}

var both = []string{"api", "browser"}

// TestConformance runs every scenario against real Kratos and the offline
// Ory and compares the normalised exchanges step by step.
func TestConformance(t *testing.T) {
	for _, sc := range scenarios {
		for _, kind := range sc.kinds {
			t.Run(sc.name+"/"+kind, func(t *testing.T) {
				c := configs[sc.config]
				u := newUsers()
				kd := newDriver(t, kratosBackend(t, c, u), kind)
				sc.run(kd, u)
				ob, _ := offlineBackend(c, u, dialectOf(t, c))
				od := newDriver(t, ob, kind)
				sc.run(od, u)
				compare(t, kd, od)
			})
		}
	}
}

// compare fails t with a readable diff for every step whose normalised
// exchange differs.
func compare(t *testing.T, want, got *driver) {
	t.Helper()
	ws, gs := newScrubber(want.b.base), newScrubber(got.b.base)
	n := max(len(want.steps), len(got.steps))
	for i := 0; i < n; i++ {
		if i >= len(want.steps) || i >= len(got.steps) {
			t.Errorf("step %d: kratos made %d steps, offline %d", i+1, len(want.steps), len(got.steps))
			return
		}
		w, g := want.steps[i], got.steps[i]
		wn, gn := ws.normalize(w.res), gs.normalize(g.res)
		if wn != gn {
			t.Errorf("step %d %q: %s %s\n  kratos:  %s\n  offline: %s\n--- kratos +++ offline\n%s",
				i+1, w.label, w.req.Method, strings.TrimPrefix(w.req.URL, want.b.base), summary(w.res), summary(g.res), lineDiff(wn, gn))
		}
	}
}

// flowField reads a top-level string of a JSON body.
func flowField(body []byte, key string) string {
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	s, _ := m[key].(string)
	return s
}

var scenarios = []scenario{
	{"happy path to aal2", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		d.whoami("whoami after aal1")
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.getFlow("get aal2 flow", id)
		d.sendIfAsked("send code", id, u.alice)
		d.getFlow("get flow after send", id)
		d.verifyCode("verify code", id, d.b.code(u.alice))
		d.whoami("whoami after aal2")
		d.createFlow("aal2 flow when aal2", "aal=aal2")
		d.createFlow("aal1 flow when logged in", "")
		d.logout()
		d.whoami("whoami after logout")
	}},
	{"wrong password", "default", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.password("wrong password", id, u.alice, u.alicePass+"x")
		d.password("right password on same flow", id, u.alice, u.alicePass)
	}},
	{"unknown identifier", "default", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.password("unknown identifier", id, "nobody-"+u.alice, "whatever-password")
	}},
	{"form errors", "default", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.submit("no password", id, map[string]any{"method": "password", "identifier": u.alice})
		d.submit("unknown method", id, map[string]any{"method": "totp", "identifier": u.alice})
		d.submit("code on aal1 flow", id, map[string]any{"method": "code", "code": "123456"})
		d.password("password", id, u.alice, u.alicePass)
		d.useToken = true
		id2 := d.createFlow("create aal2 flow", "aal=aal2")
		d.submit("send without address", id2, map[string]any{"method": "code"})
		d.sendCode("send to unknown address", id2, "nobody-"+u.alice)
		d.sendCode("send", id2, u.alice)
		d.submit("verify without code", id2, map[string]any{"method": "code"})
	}},
	{"wrong code", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		good := d.b.code(u.alice)
		d.verifyCode("wrong code", id, wrongCode(good))
		d.verifyCode("right code", id, good)
		d.verifyCode("completed flow again", id, good)
	}},
	{"resend", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		old := d.b.code(u.alice)
		d.resendCode("resend code", id, u.alice)
		fresh := d.b.code(u.alice)
		if old != fresh {
			d.verifyCode("old code", id, old)
		} else {
			d.verifyCode("old code", id, wrongCode(old)) // the same digits twice: stand in a wrong one
		}
		d.verifyCode("new code", id, fresh)
	}},
	{"five attempts", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		good := d.b.code(u.alice)
		for i := 1; i <= 5; i++ {
			d.verifyCode(fmt.Sprintf("wrong code %d", i), id, wrongCode(good))
		}
		d.verifyCode("right code 6th", id, good)
		d.resendCode("resend after limit", id, u.alice)
		d.verifyCode("new code after limit", id, d.b.code(u.alice))
	}},
	{"four wrong then right", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		good := d.b.code(u.alice)
		for i := 1; i <= 4; i++ {
			d.verifyCode(fmt.Sprintf("wrong code %d", i), id, wrongCode(good))
		}
		d.verifyCode("right code 5th", id, good)
	}},
	{"expired aal1 flow", "short", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.b.expire(expireBy)
		res := d.password("password on expired flow", id, u.alice, u.alicePass)
		next := flowField(res.Body, "use_flow_id")
		d.getFlow("get expired flow", id)
		d.getFlow("get use_flow_id flow", next)
		d.password("password on new flow", next, u.alice, u.alicePass)
	}},
	{"expired aal2 flow", "short", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		code := d.b.code(u.alice)
		d.b.expire(expireBy)
		d.verifyCode("verify on expired flow", id, code)
		d.stepUp(u.alice)
	}},
	{"whoami aal1", "default", both, func(d *driver, u users) {
		d.whoami("whoami before login")
		d.login(u.alice, u.alicePass)
		d.whoami("whoami after aal1")
		d.stepUp(u.alice)
		d.whoami("whoami after aal2")
	}},
	{"whoami highest_available", "highest", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		d.whoami("whoami after aal1")
		d.stepUp(u.alice)
		d.whoami("whoami after aal2")
		d.logout()
		d.whoami("whoami after logout")
	}},
	{"bearer token", "default", []string{"api"}, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		d.useToken = false
		d.do("whoami with bearer", "GET", "/sessions/whoami", nil, header("Authorization", "Bearer "+d.token))
		d.do("whoami with bad token", "GET", "/sessions/whoami", nil, header("X-Session-Token", "ory_st_notarealtoken"))
	}},
	{"api flow refuses Origin", "default", []string{"api"}, func(d *driver, u users) {
		id := d.createFlow("create flow with Origin", "", header("Origin", "http://127.0.0.1:8080"))
		d.password("password with Origin", id, u.alice, u.alicePass, header("Origin", "http://127.0.0.1:8080"))
		d.password("password with Cookie", id, u.alice, u.alicePass, header("Cookie", "foo=bar"))
		d.password("password with Cloudflare cookie", id, u.alice, u.alicePass, header("Cookie", "__cf_bm=x"))
	}},
	{"aal2 without session", "default", both, func(d *driver, u users) {
		d.createFlow("aal2 flow without session", "aal=aal2")
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.useToken = false
		d.sendCode("send without session", id, u.alice, omitCredentials)
	}},
	{"unknown and malformed flows", "default", both, func(d *driver, u users) {
		d.getFlow("get unknown flow", newUUID())
		d.password("post unknown flow", newUUID(), u.alice, u.alicePass)
		d.password("post malformed flow id", "not-a-uuid", u.alice, u.alicePass)
		d.createFlow("aal3", "aal=aal3")
	}},
	{"browser csrf", "default", []string{"browser"}, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.submit("password without csrf", id, map[string]any{"method": "password", "identifier": u.alice, "password": u.alicePass, "csrf_token": ""})
		d.submit("password with wrong csrf", id, map[string]any{"method": "password", "identifier": u.alice, "password": u.alicePass, "csrf_token": "d3Jvbmc="})
		d.password("password without cookies", id, u.alice, u.alicePass, omitCredentials)
		d.getFlow("get flow", id)
		d.password("password", id, u.alice, u.alicePass)
	}},
	{"body errors", "default", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.do("malformed JSON", "POST", "/self-service/login?flow="+id, nil, body("application/json", `{"method":`))
		d.do("empty body", "POST", "/self-service/login?flow="+id, nil, body("application/json", ``))
		d.do("text/plain", "POST", "/self-service/login?flow="+id, nil, body("text/plain", `method=password`))
		d.do("no flow parameter", "POST", "/self-service/login", map[string]any{"method": "password"})
		d.do("nil flow id", "POST", "/self-service/login?flow=00000000-0000-0000-0000-000000000000", map[string]any{"method": "password"})
	}},
	{"send code without Accept", "default", []string{"api"}, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create aal2 flow", "aal=aal2")
		noAccept := func(r *transport.Request) { delete(r.Header, "Accept") }
		send := `{"method":"code","address":"` + u.alice + `"}`
		d.do("send, charset JSON, no Accept", "POST", "/self-service/login?flow="+id, nil, body("application/json; charset=utf-8", send), noAccept)
		d.do("resend, exact JSON, no Accept", "POST", "/self-service/login?flow="+id, nil, body("application/json", `{"method":"code","resend":"code","address":"`+u.alice+`"}`), noAccept)
		d.verifyCode("verify", id, d.b.code(u.alice))
	}},
	{"api form body", "default", []string{"api"}, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.do("form-urlencoded password", "POST", "/self-service/login?flow="+id, nil,
			body("application/x-www-form-urlencoded", "method=password&identifier="+url.QueryEscape(u.alice)+"&password="+url.QueryEscape(u.alicePass)))
		d.useToken = true
		d.password("completed aal1 flow with token", id, u.alice, u.alicePass)
		d.useToken = false
		d.password("completed aal1 flow again", id, u.alice, u.alicePass)
	}},
	{"codes and other users", "default", []string{"api"}, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		aliceToken := d.token
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.submit("send with identifier, upper case", id, map[string]any{"method": "code", "identifier": strings.ToUpper(u.alice)})
		aliceCode := d.b.code(u.alice)
		d.submit("resend without address", id, map[string]any{"method": "code", "resend": "code"})
		d.sendCode("send to bob's address", id, u.bob)
		d.verifyCode("bob's code on alice's flow", id, d.b.code(u.bob))
		d.useToken = false
		d.login(u.bob, u.bobPass)
		d.verifyCode("alice's code with bob's token", id, aliceCode)
		d.token = aliceToken
		d.do("whoami alice", "GET", "/sessions/whoami", nil)
		d.do("logout with unknown token", "DELETE", "/self-service/logout/api", map[string]any{"session_token": "ory_st_unknown"}, noToken)
	}},
	{"second session upgraded", "default", []string{"api"}, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		first := d.token
		id := d.createFlow("create aal2 flow", "aal=aal2")
		d.sendIfAsked("send code", id, u.alice)
		d.useToken = false
		d.login(u.alice, u.alicePass)
		second := d.token
		d.verifyCode("verify with the second session", id, d.b.code(u.alice))
		d.token = first
		d.whoami("whoami first session")
		d.token = second
		d.whoami("whoami second session")
	}},
	{"passwordless code", "passwordless", both, func(d *driver, u users) {
		id := d.createFlow("create aal1 flow", "")
		d.submit("send code to an unknown identifier", id, map[string]any{"method": "code", "identifier": "nobody-" + u.alice})
		id = d.createFlow("create aal1 flow again", "")
		d.submit("send code to the identifier", id, map[string]any{"method": "code", "identifier": u.alice})
		d.submit("wrong code", id, map[string]any{"method": "code", "identifier": u.alice, "code": wrongCode(d.b.code(u.alice))})
		d.submit("right code", id, map[string]any{"method": "code", "identifier": u.alice, "code": d.b.code(u.alice)})
		d.useToken = true
		d.whoami("whoami after the code")
		d.createFlow("aal2 flow offers no code", "aal=aal2")
	}},
	{"refresh", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		id := d.createFlow("create refresh flow", "refresh=true")
		d.password("refresh password", id, u.alice, u.alicePass)
		d.whoami("whoami after refresh")
	}},
	{"identifier first", "idfirst", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.submit("unknown identifier", id, map[string]any{"method": "identifier_first", "identifier": "nobody-" + u.alice})
		d.submit("identifier", id, map[string]any{"method": "identifier_first", "identifier": u.alice})
		d.password("wrong password", id, u.alice, u.alicePass+"x")
		d.password("password", id, u.alice, u.alicePass)
		d.useToken = true
		d.stepUp(u.alice)
		d.whoami("whoami after aal2")
	}},
	{"identifier first, one step", "idfirst", both, func(d *driver, u users) {
		id := d.createFlow("create flow", "")
		d.password("password on the first step", id, u.alice, u.alicePass)
	}},
	{"aal2 flow without Accept", "default", []string{"api"}, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		noAccept := func(r *transport.Request) { delete(r.Header, "Accept") }
		id := d.createFlow("create aal2 flow, no Accept", "aal=aal2", noAccept)
		d.getFlow("get aal2 flow", id)
	}},
	{"aal2 refresh when aal2", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		d.stepUp(u.alice)
		id := d.createFlow("aal2 refresh flow when aal2", "aal=aal2&refresh=true")
		d.getFlow("get refresh flow", id)
	}},
	{"two aal2 flows", "default", both, func(d *driver, u users) {
		d.login(u.alice, u.alicePass)
		first := d.createFlow("create first aal2 flow", "aal=aal2")
		d.sendIfAsked("send on first flow", first, u.alice)
		firstCode := d.b.code(u.alice)
		second := d.createFlow("create second aal2 flow (a reload)", "aal=aal2")
		d.sendIfAsked("send on second flow", second, u.alice)
		d.verifyCode("first flow's code on the second flow", second, firstCode)
		d.verifyCode("first flow's code on the first flow", first, firstCode)
	}},
	{"whoami without session", "default", both, func(d *driver, u users) {
		d.whoami("whoami")
		d.do("logout flow without session", "GET", "/self-service/logout/browser", nil)
		d.do("logout without session", "GET", "/self-service/logout?token=ory_lo_unknown", nil)
		d.do("logout without token", "GET", "/self-service/logout", nil)
		d.do("health", "GET", "/health/ready", nil)
	}},
}
