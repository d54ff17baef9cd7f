//go:build js && wasm

package bridge

import (
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/internal/totp"
	"github.com/orylogin/orylogin/wasm/offlineapi"
)

// TestOfflineFactors resets the demo identity with its second factors and
// signs in with each: factors() shows the authenticator app's current code,
// the backup codes and the phone; the aal2 flow offers them all (no v26
// auto-send), a TOTP code and a backup code each reach aal2, and an SMS
// code lands in the inbox addressed to the phone.
func TestOfflineFactors(t *testing.T) {
	t.Cleanup(func() { testBridge.offlineOry().ResetAs(offlineapi.Setup{}, nil) })
	off := prop(t, testAPI, "offline")
	if _, err := off.Call("reset", map[string]any{"factors": true}); err != nil {
		t.Fatal(err)
	}
	fs := js(t, `return a.factors();`, off)
	code := str(t, fs, "totp")
	// The Ory's clock may run ahead (advance() in other tests), so the
	// code is checked by submitTotp below; here only its shape.
	if _, err := totp.Code(offlineapi.DemoTOTPSecret, time.Now()); err != nil || len(code) != totp.Digits || strings.Trim(code, "0123456789") != "" {
		t.Errorf("factors().totp %q is not a TOTP code", code)
	}
	if got, want := jsonOf(t, prop(t, fs, "backupCodes")), `["`+strings.Join(offlineapi.DemoBackupCodes(), `","`)+`"]`; got != want {
		t.Errorf("factors().backupCodes = %s, want %s", got, want)
	}
	if p := str(t, fs, "phone"); p != offlineapi.DemoPhone {
		t.Errorf("factors().phone = %q", p)
	}
	if got := jsonOf(t, js(t, `return a.factors("nobody@example.com");`, off)); got != `null` {
		t.Errorf("factors(unknown) = %s", got)
	}

	stepUp := func() jsx.Value {
		c := newClient(t, map[string]any{"offline": true})
		invoke(t, c, "startLogin").ok(t, "startLogin")
		invoke(t, c, "submitPassword", map[string]any{"identifier": offlineapi.DemoEmail, "password": offlineapi.DemoPassword}).ok(t, "login")
		st := invoke(t, c, "startStepUp").ok(t, "startStepUp")
		if got := jsonOf(t, prop(t, st, "methods")); got != `["code","totp","lookup_secret"]` {
			t.Errorf("aal2 methods = %s", got)
		}
		if got := jsonOf(t, js(t, `return a.inbox();`, off)); got != `[]` {
			t.Errorf("an aal2 flow with other factors mailed a code: %s", got)
		}
		return c
	}
	c := stepUp()
	st := invoke(t, c, "submitTotp", map[string]any{"code": str(t, js(t, `return a.factors();`, off), "totp")}).ok(t, "submitTotp")
	if got := str(t, st, "step"); got != "authenticated" {
		t.Errorf("after submitTotp: step %s", got)
	}
	c = stepUp()
	st = invoke(t, c, "submitLookupSecret", map[string]any{"code": offlineapi.DemoBackupCodes()[0]}).ok(t, "submitLookupSecret")
	if got := str(t, st, "step"); got != "authenticated" {
		t.Errorf("after submitLookupSecret: step %s", got)
	}
	if got := jsonOf(t, prop(t, js(t, `return a.factors();`, off), "backupCodes")); strings.Contains(got, offlineapi.DemoBackupCodes()[0]) {
		t.Errorf("a used backup code is still shown: %s", got)
	}
	c = stepUp()
	invoke(t, c, "sendCode", map[string]any{"address": offlineapi.DemoPhone}).ok(t, "sendCode by sms")
	inbox := js(t, `return a.inbox();`, off)
	if to := str(t, js(t, `return a[a.length-1];`, inbox), "to"); to != offlineapi.DemoPhone {
		t.Errorf("sms code went to %q", to)
	}
}

// TestOfflineIdentifierFirst: reset({ loginStyle: "identifier_first" })
// gives Ory Network's first screen, the identifier alone; submitIdentifier
// leads to the password with state.identifier set, and the password alone
// signs in. Unified is back after a plain reset().
func TestOfflineIdentifierFirst(t *testing.T) {
	t.Cleanup(func() { testBridge.offlineOry().ResetAs(offlineapi.Setup{}, nil) })
	off := prop(t, testAPI, "offline")
	for _, kratos := range []string{"v26.2.0", "v1.3.1"} {
		for _, flow := range []string{"browser", "api"} {
			if _, err := off.Call("reset", map[string]any{"loginStyle": "identifier_first", "kratos": kratos}); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, map[string]any{"offline": true, "flow": flow})
			st := invoke(t, c, "startLogin").ok(t, "startLogin")
			if got := str(t, st, "step"); got != "identifier" || jsonOf(t, prop(t, st, "identifier")) != "null" {
				t.Fatalf("%s %s: first screen %s, identifier %s", kratos, flow, got, jsonOf(t, prop(t, st, "identifier")))
			}
			st = invoke(t, c, "submitIdentifier", map[string]any{"identifier": "nobody@example.com"}).ok(t, "submitIdentifier (unknown)")
			if got := str(t, st, "step"); got != "identifier" {
				t.Errorf("%s %s: unknown identifier: step %s", kratos, flow, got)
			}
			wantMessage(t, st, 4000037)
			st = invoke(t, c, "submitIdentifier", map[string]any{"identifier": offlineapi.DemoEmail}).ok(t, "submitIdentifier")
			if got := str(t, st, "step"); got != "password" || str(t, st, "identifier") != offlineapi.DemoEmail {
				t.Fatalf("%s %s: second screen %s, identifier %s", kratos, flow, got, jsonOf(t, prop(t, st, "identifier")))
			}
			st = invoke(t, c, "submitPassword", map[string]any{"password": offlineapi.DemoPassword}).ok(t, "submitPassword (password alone)")
			if got := str(t, st, "step"); got != "authenticated" {
				t.Errorf("%s %s: after the password: step %s", kratos, flow, got)
			}
		}
	}
	if _, err := off.Call("reset"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, map[string]any{"offline": true})
	if got := str(t, invoke(t, c, "startLogin").ok(t, "startLogin"), "step"); got != "password" {
		t.Errorf("after reset(): first screen %s, want the unified password step", got)
	}
}

// TestOfflinePasswordless: reset({ passwordless: true }) makes the code a
// first factor, as Kratos's code.passwordless_enabled: the aal1 flow offers
// "code", sendCode({ identifier }) mails a login code, and that code alone
// signs in at aal1 with the code as the session's one method.
func TestOfflinePasswordless(t *testing.T) {
	t.Cleanup(func() { testBridge.offlineOry().ResetAs(offlineapi.Setup{}, nil) })
	off := prop(t, testAPI, "offline")
	for _, kratos := range []string{"v26.2.0", "v1.3.1"} {
		for _, flow := range []string{"browser", "api"} {
			if _, err := off.Call("reset", map[string]any{"passwordless": true, "kratos": kratos}); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, map[string]any{"offline": true, "flow": flow})
			st := invoke(t, c, "startLogin").ok(t, "startLogin")
			if got := jsonOf(t, prop(t, st, "methods")); got != `["password","code"]` {
				t.Fatalf("%s %s: aal1 methods %s", kratos, flow, got)
			}
			st = invoke(t, c, "sendCode", map[string]any{"identifier": "nobody@example.com"}).ok(t, "sendCode (unknown)")
			wantMessage(t, st, 4000035)
			st = invoke(t, c, "sendCode", map[string]any{"identifier": offlineapi.DemoEmail}).ok(t, "sendCode")
			if got := str(t, st, "step"); got != "code_sent" || str(t, st, "identifier") != offlineapi.DemoEmail {
				t.Fatalf("%s %s: after sendCode: step %s, identifier %s", kratos, flow, got, jsonOf(t, prop(t, st, "identifier")))
			}
			inbox := js(t, `return a.inbox();`, off)
			code := str(t, js(t, `return a[a.length-1];`, inbox), "code")
			st = invoke(t, c, "submitCode", map[string]any{"code": code}).ok(t, "submitCode")
			if got := str(t, st, "aal"); str(t, st, "step") != "authenticated" || got != "aal1" ||
				jsonOf(t, prop(t, prop(t, st, "session"), "methods")) != `["code"]` {
				t.Errorf("%s %s: after the code: %s", kratos, flow, jsonOf(t, st))
			}
		}
	}
}

func TestOfflineArgumentsThrowInvalidArgument(t *testing.T) {
	off := prop(t, testAPI, "offline")
	cases := map[string][]string{
		"reset": {`1`, `"x"`, `[]`, `{identities: 1}`, `{identities: {}}`, `{identities: [1]}`, `{identities: [{}]}`,
			`{identities: [{email: "a@b.c"}]}`, `{identities: [{email: "", password: "p"}]}`, `{identities: [{email: "a@b.c", password: 5}]}`,
			`{identities: Array.from({length: 1001}, () => ({email: "a@b.c", password: "p"}))}`,
			`{identities: new Proxy([], {get() { throw new Error("trap"); }})}`, `{kratos: "v9.9.9"}`, `{kratos: 26}`,
			`{factors: "yes"}`, `{identities: [{email: "a@b.c", password: "p", backupCodes: "x"}]}`,
			`{identities: [{email: "a@b.c", password: "p", backupCodes: [1]}]}`, `{identities: [{email: "a@b.c", password: "p", totpSecret: 5}]}`,
			`{loginStyle: "two_step"}`, `{loginStyle: 1}`, `{loginStyle: ""}`, `{passwordless: "yes"}`, `{passwordless: 1}`},
		"factors":    {`5`, `{}`},
		"setLatency": {`undefined`, `-1`, `"5"`, `NaN`, `60001`},
		"failNext":   {`undefined`, `200`, `700`, `500.5`, `"500"`, `-1`},
		"advance":    {`undefined`, `-1`, `Infinity`, `"60000"`},
	}
	for name, exprs := range cases {
		fn := prop(t, off, name)
		for _, expr := range exprs {
			arg := js(t, "return "+expr+";")
			if e := throws(t, "offline."+name+"("+abbrev(expr)+")", fn, []any{arg}); e.code != "invalid_argument" {
				t.Errorf("offline.%s(%s): %s", name, abbrev(expr), e)
			}
		}
	}
}

func TestOfflineResetAndInbox(t *testing.T) {
	t.Cleanup(func() { testBridge.offlineOry().ResetAs(offlineapi.Setup{}, nil) })
	off := prop(t, testAPI, "offline")

	// reset() restores the demo identity and empties the inbox.
	if _, err := off.Call("reset"); err != nil {
		t.Fatal(err)
	}
	if got := jsonOf(t, js(t, `return a.inbox();`, off)); got != `[]` {
		t.Errorf("inbox after reset = %s", got)
	}
	c := newClient(t, map[string]any{"offline": true})
	invoke(t, c, "startLogin").ok(t, "startLogin")
	st := invoke(t, c, "submitPassword", map[string]any{"identifier": "demo@example.com", "password": "ory-demo-password"}).ok(t, "demo login")
	if s := str(t, st, "step"); s != "authenticated" {
		t.Errorf("demo identity: step %s", s)
	}
	// The offline Ory speaks Kratos v26 by default: the aal2 flow mails the
	// first code when it is made; v1.3.1 waits for sendCode.
	if st = invoke(t, c, "startStepUp").ok(t, "startStepUp"); str(t, st, "step") != "code_sent" {
		invoke(t, c, "sendCode").ok(t, "sendCode")
	}
	invoke(t, c, "resendCode").ok(t, "resendCode")
	inbox := js(t, `return a.inbox();`, off)
	if n, _ := prop(t, inbox, "length").Int(); n != 2 {
		t.Fatalf("inbox has %d mails after send and resend", n)
	}
	keys := jsonOf(t, js(t, `return Object.keys(a[0]).sort();`, inbox))
	if keys != `["body","code","subject","to"]` {
		t.Errorf("mail keys = %s", keys)
	}
	// Newest last: the resent code works, the first does not.
	first, newest := str(t, js(t, `return a[0];`, inbox), "code"), str(t, js(t, `return a[1];`, inbox), "code")
	if first != newest {
		st = invoke(t, c, "submitCode", map[string]any{"code": first}).ok(t, "old code")
		wantMessage(t, st, 4010008)
	}
	st = invoke(t, c, "submitCode", map[string]any{"code": newest}).ok(t, "newest code")
	if s := str(t, st, "aal"); s != "aal2" {
		t.Errorf("aal = %s with the newest code", s)
	}

	// An empty list means nobody can sign in.
	js(t, `a.reset({identities: []});`, off)
	c = newClient(t, map[string]any{"offline": true})
	invoke(t, c, "startLogin").ok(t, "startLogin")
	st = invoke(t, c, "submitPassword", map[string]any{"identifier": "demo@example.com", "password": "ory-demo-password"}).ok(t, "login without identities")
	wantMessage(t, st, 4000006)
}
