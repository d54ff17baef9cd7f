//go:build js && wasm

package bridge

import (
	"testing"

	"github.com/orylogin/orylogin/wasm/offline"
)

func TestOfflineArgumentsThrowInvalidArgument(t *testing.T) {
	off := prop(t, testAPI, "offline")
	cases := map[string][]string{
		"reset": {`1`, `"x"`, `[]`, `{identities: 1}`, `{identities: {}}`, `{identities: [1]}`, `{identities: [{}]}`,
			`{identities: [{email: "a@b.c"}]}`, `{identities: [{email: "", password: "p"}]}`, `{identities: [{email: "a@b.c", password: 5}]}`,
			`{identities: Array.from({length: 1001}, () => ({email: "a@b.c", password: "p"}))}`,
			`{identities: new Proxy([], {get() { throw new Error("trap"); }})}`, `{kratos: "v9.9.9"}`, `{kratos: 26}`},
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
	t.Cleanup(func() { testBridge.offlineOry().ResetAs(offline.DefaultKratos, nil) })
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
