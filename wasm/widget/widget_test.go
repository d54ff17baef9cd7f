//go:build js && wasm

package widget

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/i18n"
	"github.com/orylogin/orylogin/wasm/internal/jstest"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/offline"
)

// testBridge is a real Bridge over the real loader's glue (web/orylogin.js);
// the DOM is testdata/fakedom.js, since Node has none. testOry is its
// offline Ory, which every element with the offline attribute talks to.
var (
	testBridge *bridge.Bridge
	testOry    *offline.Ory
)

// testAPI is testBridge's OryLogin object (its offline controls).
var testAPI jsx.Value

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "setup:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func setup() error {
	src, err := os.ReadFile("testdata/fakedom.js")
	if err != nil {
		return err
	}
	if _, err := jsFunc(string(src)).Invoke(); err != nil {
		return err
	}
	glue, err := jstest.Glue()
	if err != nil {
		return err
	}
	_, err = bridge.New(glue, "test", func(b *bridge.Bridge, api jsx.Value) error {
		testBridge, testAPI = b, api
		return nil
	}, bridge.Offline(func() bridge.OfflineOry {
		testOry = offline.New(offline.Options{})
		return testOry
	}))
	return err
}

// jsFunc returns new Function(params..., body); it panics on a body that
// does not compile (the tests' own).
func jsFunc(body string, params ...string) jsx.Value {
	f, err := jstest.Func(body, params...)
	if err != nil {
		panic(err)
	}
	return f
}

// el is a fake DOM element, with helpers to read it.
type el struct{ jsx.Value }

func (e el) attr(name string) string { return jsx.StringOf(e.Call("getAttribute", name)) }
func (e el) text() string            { return jsx.StringOf(e.Get("textContent")) }
func (e el) ok() bool                { return e.Type() == jsx.TypeObject }
func (e el) q(sel string) el {
	v, err := e.Call("querySelector", sel)
	if err != nil {
		panic(err)
	}
	return el{v}
}
func (e el) all(sel string) []el {
	v, _ := e.Call("querySelectorAll", sel)
	n, _ := v.Length()
	out := make([]el, n)
	for i := range n {
		x, _ := v.Index(i)
		out[i] = el{x}
	}
	return out
}

// mount connects a fresh <ory-login> with attrs to a fake document.
func mount(t *testing.T, attrs ...string) (*widget, el) {
	t.Helper()
	doc, err := jsFunc(`return fakeDocument()`).Invoke()
	if err != nil {
		t.Fatal(err)
	}
	host, _ := doc.Call("createElement", "ory-login")
	for i := 0; i+1 < len(attrs); i += 2 {
		host.Call("setAttribute", attrs[i], attrs[i+1])
	}
	body, _ := doc.Get("body")
	body.Call("appendChild", host)
	r := &registry{b: testBridge, widgets: map[int]*widget{}}
	id, err := r.connect(jsx.Undefined(), []jsx.Value{host})
	if err != nil {
		t.Fatal(err)
	}
	w := r.widgets[id.(int)]
	t.Cleanup(w.close)
	return w, el{w.root}
}

// waitStep waits until the element shows one of steps and is not busy.
func waitStep(t *testing.T, w *widget, steps ...machine.Step) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		step, _ := w.attr("data-step")
		busy, _ := w.attr("aria-busy")
		for _, s := range steps {
			if step == string(s) && busy == "false" {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	step, _ := w.attr("data-step")
	box := el{jsx.Safe(w.errorBox.Underlying())}
	t.Fatalf("step %s, want %v (error %q)", step, steps, box.text())
}

func setValue(e el, v string) { e.Set("value", v) }

func submit(t *testing.T, form el, submitter ...el) {
	t.Helper()
	if !form.ok() {
		t.Fatal("no such form")
	}
	var sub any = jsx.Null()
	if len(submitter) > 0 {
		sub = submitter[0].Value
	}
	if _, err := jsx.Global().Call("fakeSubmit", form.Value, sub); err != nil {
		t.Fatal(err)
	}
}

func focusedName(root el) string {
	a, _ := root.Get("activeElement")
	if a.Type() != jsx.TypeObject {
		return ""
	}
	e := el{a}
	if n := e.attr("name"); n != "" {
		return strings.ToLower(jsx.StringOf(a.Get("tagName"))) + "[name=" + n + "]"
	}
	return strings.ToLower(jsx.StringOf(a.Get("tagName")))
}

func hostEvents(w *widget) []string {
	evs, _ := w.host.Get("events")
	n, _ := evs.Length()
	var out []string
	for i := range n {
		e, _ := evs.Index(i)
		out = append(out, jsx.StringOf(e.Get("type")))
	}
	return out
}

// TestOfflineToAAL2: the element against the offline Ory, by its forms:
// busy while a call runs, the focus moves into each step, events fire.
func TestOfflineToAAL2(t *testing.T) {
	w, root := mount(t, "offline", "", "aal", "aal2")
	waitStep(t, w, machine.StepPassword)
	form := root.q(`form[data-action="password"]`)
	if got := root.q("h2").text(); got != "Sign in" {
		t.Errorf("heading %q", got)
	}
	if root.q(`[part~="root"]`).attr("lang") != "en" {
		t.Error("the frame's lang is not en")
	}
	setValue(form.q(`input[name="identifier"]`), "demo@example.com")
	setValue(form.q(`input[name="password"]`), "ory-demo-password")
	submit(t, form)
	if b, _ := w.attr("aria-busy"); b != "true" {
		t.Error("not aria-busy while the call runs")
	}
	if !truthy(root.q("fieldset").Value, "disabled") {
		t.Error("the fieldset is not disabled while busy")
	}
	waitStep(t, w, machine.StepChooseMethod, machine.StepCodeSent)
	if step, _ := w.attr("data-step"); step == string(machine.StepChooseMethod) {
		if got := focusedName(root); got != "button[name=address]" {
			t.Errorf("focus %q in choose_method", got)
		}
		b := root.q(`button[name="address"]`)
		submit(t, el{must(b.Call("closest", "form"))}, b)
		waitStep(t, w, machine.StepCodeSent)
	}
	if got := focusedName(root); got != "input[name=code]" {
		t.Errorf("focus %q in code_sent", got)
	}
	code := root.q(`input[name="code"]`)
	if code.attr("autocomplete") != "one-time-code" || code.attr("inputmode") != "numeric" {
		t.Error("the code input is not a one-time code")
	}
	evs := hostEvents(w)
	if len(evs) == 0 || evs[0] != contract.ElementEventChange {
		t.Errorf("events %v", evs)
	}
}

func must(v jsx.Value, err error) jsx.Value {
	if err != nil {
		panic(err)
	}
	return v
}

// show renders s as the widget's state.
func show(w *widget, s contract.State) {
	w.state = s
	w.render()
}

func str(s string) *string { return &s }

// TestRendersEachStepAndMethod renders States directly.
func TestRendersEachStepAndMethod(t *testing.T) {
	w, root := mount(t, "offline", "")
	waitStep(t, w, machine.StepPassword)

	show(w, contract.State{Step: machine.StepIdentifier, Methods: []machine.Method{machine.MethodPassword},
		Messages: []contract.Message{{ID: 4000037, Type: "error", Text: "no account", Field: "identifier"}}})
	f := root.q(`form[data-action="identifier"]`)
	if !f.ok() || !f.q(`input[name="identifier"]`).ok() || root.q(`input[name="password"]`).ok() {
		t.Fatal("identifier step: one form with the identifier alone")
	}
	if f.q(`button[type="submit"]`).text() != "Continue" {
		t.Errorf("identifier button %q", f.q("button").text())
	}
	if li := root.q(`#orylogin-identifier-messages li[data-id="4000037"]`); !li.ok() {
		t.Error("4000037 is not next to the identifier")
	} else if root.q(`input[name="identifier"]`).attr("aria-invalid") != "true" {
		t.Error("the identifier is not aria-invalid")
	}

	show(w, contract.State{Step: machine.StepPassword, RequestedAAL: str("aal1"), Identifier: str("ada@example.com"),
		Methods: []machine.Method{machine.MethodPassword, machine.MethodCode}})
	id := root.q(`input[name="identifier"]`)
	if jsx.StringOf(id.Get("value")) != "ada@example.com" || id.attr("readonly") == "" && !truthy(id.Value, "readOnly") {
		t.Error("the identifier Ory holds is not shown read-only")
	}
	if !root.q(`button[data-action="login-code"]`).ok() {
		t.Error("a passwordless flow has no 'Send me a login code'")
	}

	show(w, contract.State{Step: machine.StepChooseMethod, RequestedAAL: str("aal2"),
		Methods:   []machine.Method{machine.MethodCode, machine.MethodTOTP, machine.MethodLookupSecret},
		Addresses: []string{"ada@example.com", "+4915112345678"},
		Messages: []contract.Message{
			{ID: 4000008, Type: "error", Text: "bad totp", Field: "totp_code"},
			{ID: 4000016, Type: "error", Text: "bad backup", Field: "lookup_secret"},
		}})
	buttons := root.all(`button[name="address"]`)
	if len(buttons) != 2 || !strings.Contains(buttons[1].text(), "SMS") || strings.Contains(buttons[0].text(), "SMS") {
		t.Errorf("addresses %d, SMS wording for phones only", len(buttons))
	}
	totp := root.q(`form[data-action="totp"] input[name="totp_code"]`)
	if !totp.ok() || totp.attr("autocomplete") != "one-time-code" || totp.attr("inputmode") != "numeric" {
		t.Error("no TOTP form with a one-time-code input")
	}
	if !root.q(`form[data-action="lookup_secret"] input[name="lookup_secret"]`).ok() {
		t.Error("no backup-code form")
	}
	if !root.q(`#orylogin-totp_code-messages li[data-id="4000008"]`).ok() || !root.q(`#orylogin-lookup_secret-messages li[data-id="4000016"]`).ok() {
		t.Error("4000008/4000016 are not next to their fields")
	}
	if n := len(root.all(`[part~="messages"] li`)); n != 0 {
		t.Errorf("%d field messages shown form-wide", n)
	}

	show(w, contract.State{Step: machine.StepCodeSent, RequestedAAL: str("aal2"), Identifier: str("+4915112345678"),
		Methods: []machine.Method{machine.MethodCode, machine.MethodTOTP}})
	if !strings.Contains(root.q(`label[for="orylogin-code"]`).text(), "SMS") {
		t.Error("a code to a phone is not labelled as an SMS code")
	}
	choose := root.q(`button[data-action="choose"]`)
	if !choose.ok() {
		t.Fatal("no 'Choose another method'")
	}
	jsx.Global().Call("fakeClick", choose.Value)
	if !root.q(`form[data-action="totp"]`).ok() || focusedName(root) != "input[name=totp_code]" {
		t.Errorf("choosing another method: the TOTP form, focus %q", focusedName(root))
	}
}

// TestLanguages: each shipped language's words, no English left in de.
func TestLanguages(t *testing.T) {
	w, root := mount(t, "offline", "")
	waitStep(t, w, machine.StepPassword)
	state := contract.State{Step: machine.StepPassword, RequestedAAL: str("aal1"),
		Messages: []contract.Message{{ID: 4000006, Type: "error", Text: "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number."}}}
	english := map[string]bool{}
	for _, k := range i18n.Keys {
		english[i18n.Default.Text("en", k)] = true
	}
	for _, lang := range []string{"de", "fr", "es", "pt-BR", "ja"} {
		w.host.Call("setAttribute", "lang", lang)
		w.attributeChanged(attrLang)
		show(w, state)
		if got := root.q(`[part~="root"]`).attr("lang"); got != lang {
			t.Errorf("%s: frame lang %q", lang, got)
		}
		for _, e := range root.all("h2,label,button,li") {
			if english[e.text()] || e.text() == state.Messages[0].Text {
				t.Errorf("%s: %q is English", lang, e.text())
			}
		}
		if want := i18n.Default.Text(lang, i18n.KeyLabelPassword); root.q(`label[for="orylogin-password"]`).text() != want {
			t.Errorf("%s: password label %q, want %q", lang, root.q(`label[for="orylogin-password"]`).text(), want)
		}
	}
	w.host.Call("setAttribute", "lang", "de")
	w.err = &shownError{code: "rate_limited", retryAfter: 30}
	w.renderChrome()
	box := el{jsx.Safe(w.errorBox.Underlying())}
	if got := box.text(); got != i18n.Default.RateLimited(30, "de") || strings.Contains(got, "orylogin:") {
		t.Errorf("error %q", got)
	}
	// Unknown message ids show Ory's English, marked lang="en".
	show(w, contract.State{Step: machine.StepPassword, Messages: []contract.Message{{ID: 4999999, Type: "info", Text: "Something new"}}})
	if li := root.q(`[part~="messages"] li`); li.text() != "Something new" || li.attr("lang") != "en" {
		t.Errorf("Ory's fallback %q lang %q", li.text(), li.attr("lang"))
	}
}

// TestEventsOfAFailedCallAndTheLogin: a call that Ory fails (a 500) fires
// orylogin:error with the OryLoginError, shows its sentence, keeps the
// step and puts the focus back where the person was; the login then goes
// on to AAL2, and orylogin:authenticated fires once, after the change that
// reached the level aal asks for.
func TestEventsOfAFailedCallAndTheLogin(t *testing.T) {
	if testOry != nil {
		testOry.Reset(nil) // no session, flow or mail of an earlier test
	}
	w, root := mount(t, "offline", "", "aal", "aal2")
	waitStep(t, w, machine.StepPassword)
	form := root.q(`form[data-action="password"]`)
	setValue(form.q(`input[name="identifier"]`), offline.DemoEmail)
	password := form.q(`input[name="password"]`)
	setValue(password, offline.DemoPassword)
	password.Call("focus")
	before := len(hostEvents(w))
	testOry.FailNext(500)
	submit(t, form)
	waitStep(t, w, machine.StepPassword)
	evs := hostEvents(w)[before:]
	if !slices.Equal(evs, []string{contract.ElementEventError}) {
		t.Fatalf("events of the failed call %v, want the error alone", evs)
	}
	last, _ := w.host.Get("events")
	n, _ := last.Length()
	ev, _ := last.Index(n - 1)
	if code := jsx.StringOf(must(ev.Get("detail")).Get("code")); code != string(machine.CodeServer) {
		t.Errorf("the error event's detail has code %q", code)
	}
	box := el{jsx.Safe(w.errorBox.Underlying())}
	if got := box.text(); got != i18n.Default.Error(string(machine.CodeServer), "en") {
		t.Errorf("error box %q", got)
	}
	if got := focusedName(root); got != "input[name=password]" {
		t.Errorf("focus %q after the failed call, want it back on the password", got)
	}

	before = len(hostEvents(w))
	submit(t, root.q(`form[data-action="password"]`))
	waitStep(t, w, machine.StepCodeSent)
	if box.text() != "" {
		t.Errorf("the error %q stays after a call that worked", box.text())
	}
	inbox := testOry.Inbox()
	if len(inbox) == 0 {
		t.Fatal("the offline Ory sent no code")
	}
	setValue(root.q(`input[name="code"]`), inbox[len(inbox)-1].Code)
	submit(t, root.q(`form[data-action="code"]`))
	waitStep(t, w, machine.StepAuthenticated)
	evs = hostEvents(w)[before:]
	if len(evs) < 2 || evs[len(evs)-2] != contract.ElementEventChange || evs[len(evs)-1] != contract.ElementEventAuthenticated ||
		slices.Index(evs, contract.ElementEventAuthenticated) != len(evs)-1 || slices.Contains(evs, contract.ElementEventError) {
		t.Errorf("events of the login %v, want changes and one authenticated last", evs)
	}
}

// TestOfflineRefresh: element.client.startLogin({ refresh: true }) on a
// session shows the password form with the identifier Ory holds,
// read-only; the password alone re-authenticates the same session.
func TestOfflineRefresh(t *testing.T) {
	w, root := mount(t, "offline", "")
	waitStep(t, w, machine.StepPassword)
	form := root.q(`form[data-action="password"]`)
	setValue(form.q(`input[name="identifier"]`), "demo@example.com")
	setValue(form.q(`input[name="password"]`), "ory-demo-password")
	submit(t, form)
	waitStep(t, w, machine.StepAuthenticated)
	first := *w.state.Session
	time.Sleep(20 * time.Millisecond) // authenticatedAt has milliseconds
	if _, err := w.client.Call("startLogin", must(jsFunc(`return { refresh: true }`).Invoke())); err != nil {
		t.Fatal(err)
	}
	waitStep(t, w, machine.StepPassword)
	form = root.q(`form[data-action="password"]`)
	id := form.q(`input[name="identifier"]`)
	if jsx.StringOf(id.Get("value")) != "demo@example.com" || (id.attr("readonly") == "" && !truthy(id.Value, "readOnly")) {
		t.Fatalf("refresh: the identifier %q is not shown read-only", jsx.StringOf(id.Get("value")))
	}
	setValue(form.q(`input[name="password"]`), "ory-demo-password")
	submit(t, form)
	waitStep(t, w, machine.StepAuthenticated)
	again := w.state.Session
	if again.ID != first.ID || again.AuthenticatedAt == nil || first.AuthenticatedAt == nil || *again.AuthenticatedAt <= *first.AuthenticatedAt {
		t.Fatalf("refresh: session %s at %v, was %s at %v", again.ID, strp(again.AuthenticatedAt), first.ID, strp(first.AuthenticatedAt))
	}
}

func strp(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// resetOffline resets the one offline Ory the elements share with opts
// (OryLogin.offline.reset's options, as a JS expression), and back to the
// default when the test ends.
func resetOffline(t *testing.T, opts string) {
	t.Helper()
	off := must(testAPI.Get("offline"))
	if _, err := off.Call("reset", must(jsFunc(`return `+opts).Invoke())); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = off.Call("reset") })
}

// TestOfflineIdentifierFirstAndLoginCode: the element against the offline
// Ory in Ory Network's identifier-first style (the identifier alone, then
// the password with the identifier read-only) and with the passwordless
// code ("Send me a login code", then the code from the inbox), by its
// forms and buttons.
func TestOfflineIdentifierFirstAndLoginCode(t *testing.T) {
	resetOffline(t, `{ loginStyle: "identifier_first" }`)
	w, root := mount(t, "offline", "")
	waitStep(t, w, machine.StepIdentifier)
	form := root.q(`form[data-action="identifier"]`)
	if form.q(`input[name="password"]`).ok() {
		t.Fatal("the identifier step shows a password input")
	}
	setValue(form.q(`input[name="identifier"]`), "demo@example.com")
	submit(t, form)
	waitStep(t, w, machine.StepPassword)
	form = root.q(`form[data-action="password"]`)
	if id := form.q(`input[name="identifier"]`); jsx.StringOf(id.Get("value")) != "demo@example.com" || (id.attr("readonly") == "" && !truthy(id.Value, "readOnly")) {
		t.Fatal("the second screen does not show the identifier read-only")
	}
	setValue(form.q(`input[name="password"]`), "ory-demo-password")
	submit(t, form)
	waitStep(t, w, machine.StepAuthenticated)

	resetOffline(t, `{ passwordless: true }`)
	w, root = mount(t, "offline", "")
	waitStep(t, w, machine.StepPassword)
	form = root.q(`form[data-action="password"]`)
	setValue(form.q(`input[name="identifier"]`), "demo@example.com")
	b := form.q(`button[data-action="login-code"]`)
	if !b.ok() {
		t.Fatal("no 'Send me a login code' button")
	}
	if _, err := jsx.Global().Call("fakeClick", b.Value); err != nil {
		t.Fatal(err)
	}
	waitStep(t, w, machine.StepCodeSent)
	inbox := must(must(testAPI.Get("offline")).Call("inbox"))
	n, _ := inbox.Length()
	code := jsx.StringOf(must(inbox.Index(n - 1)).Get("code"))
	form = root.q(`form[data-action="code"]`)
	setValue(form.q(`input[name="code"]`), code)
	submit(t, form)
	waitStep(t, w, machine.StepAuthenticated)
	if w.state.Session == nil || contract.Str(w.state.AAL) != "aal1" || len(w.state.Session.Methods) != 1 || w.state.Session.Methods[0] != "code" {
		t.Fatalf("after the login code: %+v", w.state)
	}
}
