//go:build js && wasm

package widget

import (
	"slices"
	"strconv"

	"honnef.co/go/js/dom/v2"

	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/i18n"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// node is an element the widget made. Elements are wrapped as
// BasicHTMLElement directly rather than through dom's CreateElement,
// whose per-tag type switch would link every element type of the package
// into orylogin.wasm for nothing (see the README's size notes).
type node = *dom.BasicHTMLElement

// el creates an element with attributes given as name, value pairs.
func (w *widget) el(tag string, attrs ...string) node {
	v, err := w.doc.Call("createElement", tag)
	if err != nil {
		panic(err) // recovered by the entry point
	}
	e := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: jsx.Unsafe(v)}}}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.SetAttribute(attrs[i], attrs[i+1])
	}
	return e
}

// text creates an element whose only content is s, as text: Ory's texts
// never go through innerHTML.
func (w *widget) text(tag, s string, attrs ...string) node {
	e := w.el(tag, attrs...)
	e.SetTextContent(s)
	return e
}

// add appends kids to parent and returns parent.
func add(parent node, kids ...node) node {
	for _, k := range kids {
		if k != nil {
			parent.AppendChild(k)
		}
	}
	return parent
}

// skeleton builds what stays for the widget's life: the frame with the
// error box (role=alert), Ory's form-wide messages (a polite live region)
// and the body that each step re-renders.
func (w *widget) skeleton() {
	w.root.Call("replaceChildren")
	w.frame = w.el("div", "part", "root", "class", "root", "aria-busy", "false")
	w.errorBox = w.el("p", "part", "error", "class", "error", "role", "alert")
	w.errorBox.SetAttribute("hidden", "")
	w.messages = w.el("ul", "part", "messages", "class", "messages", "aria-live", "polite")
	w.body = w.el("div", "part", "body", "class", "body")
	add(w.frame, w.errorBox, w.messages, w.body)
	w.root.Call("appendChild", w.frame.Underlying())
}

// Form actions (data-action): what onSubmit and onClick do with a form
// or a button.
const (
	actIdentifier   = "identifier"    // submitIdentifier
	actPassword     = "password"      // submitPassword
	actAddress      = "address"       // sendCode({address}) by the button pressed
	actCode         = "code"          // submitCode
	actTOTP         = "totp"          // submitTotp
	actLookupSecret = "lookup_secret" // submitLookupSecret
	actLogout       = "logout"
	actStart        = "start"
	actResend       = "resend"     // a button: resendCode
	actLoginCode    = "login-code" // a button: sendCode({identifier}), passwordless
	actChoose       = "choose"     // a button: show every method again
	actPasskey      = "passkey"    // a button: signInWithPasskey
	actSecurityKey  = "webauthn"   // a button: signInWithSecurityKey
)

// Inputs named as Ory's nodes; a message whose field is not rendered is
// shown with the form-wide ones.
const (
	fieldIdentifier   = "identifier"
	fieldPassword     = "password"
	fieldCode         = "code"
	fieldTOTP         = "totp_code"
	fieldLookupSecret = "lookup_secret"
)

// phoneLike matches an address that is a phone number (+ and digits, as
// Ory writes them in E.164): its code goes by SMS.
func phoneLike(a string) bool {
	if len(a) < 4 || a[0] != '+' {
		return false
	}
	for _, c := range a[1:] {
		if c < '0' || c > '9' {
			if c != ' ' {
				return false
			}
		}
	}
	return true
}

// lang is the language the element speaks: its lang attribute, else the
// closest ancestor's, else the page's <html lang>, else English.
func (w *widget) lang() string {
	var tags []string
	if v, ok := w.attr(attrLang); ok {
		tags = append(tags, v)
	}
	if anc, err := w.host.Call("closest", "[lang]"); err == nil && anc.Type() == jsx.TypeObject {
		tags = append(tags, jsx.StringOf(anc.Call("getAttribute", "lang")))
	}
	if html, err := w.doc.Get("documentElement"); err == nil && html.Type() == jsx.TypeObject {
		tags = append(tags, jsx.StringOf(html.Call("getAttribute", "lang")))
	}
	return i18n.Default.Negotiate(tags...)
}

// has says whether the flow offers method.
func has(s contract.State, m machine.Method) bool { return slices.Contains(s.Methods, m) }

// render re-renders the body for the current state, then the chrome.
func (w *widget) render() {
	s := w.state
	lang := w.lang()
	w.frame.SetAttribute("lang", lang)
	t := func(k i18n.Key, args ...string) string { return i18n.Default.Text(lang, k, args...) }

	step := s.Step
	if w.choosing && step == machine.StepCodeSent {
		step = machine.StepChooseMethod
	}
	r := &renderer{w: w, lang: lang, own: map[string]bool{}}
	body := w.el("div", "class", "step")
	w.host.Call("setAttribute", "data-step", string(s.Step))
	switch step {
	case machine.StepIdentifier:
		add(body, w.heading(t(i18n.KeyHeadingSignIn)), add(w.form(actIdentifier), add(w.fieldset(),
			r.identifierField(false),
			r.passkeyButton(add(w.el("div", "class", "actions"), w.submit(t(i18n.KeyButtonContinue)))))))
	case machine.StepPassword:
		held := contract.Str(s.Identifier) != ""
		actions := add(w.el("div", "class", "actions"), w.submit(t(i18n.KeyButtonSignIn)))
		if contract.Str(s.RequestedAAL) != string(machine.AAL2) && has(s, machine.MethodCode) {
			add(actions, w.text("button", t(i18n.KeyButtonSendLoginCode), "part", "button login-code", "type", "button",
				"class", "secondary", "data-action", actLoginCode))
		}
		add(body, w.heading(t(i18n.KeyHeadingSignIn)), add(w.form(actPassword), add(w.fieldset(),
			r.identifierField(held),
			r.field(fieldPassword, t(i18n.KeyLabelPassword), "type", "password", "autocomplete", "current-password"),
			r.passkeyButton(actions))))
	case machine.StepChooseMethod:
		add(body, w.heading(t(i18n.KeyHeadingSecondFactor)))
		r.methods(body)
	case machine.StepCodeSent:
		label := t(i18n.KeyLabelEmailCode)
		if phoneLike(contract.Str(s.Identifier)) {
			label = t(i18n.KeyLabelSMSCode)
		}
		resend := w.text("button", t(i18n.KeyButtonResendCode), "part", "button resend", "type", "button",
			"class", "secondary", "data-action", actResend)
		actions := add(w.el("div", "class", "actions"), w.submit(t(i18n.KeyButtonVerify)), resend)
		if has(s, machine.MethodTOTP) || has(s, machine.MethodLookupSecret) || has(s, machine.MethodWebAuthn) {
			add(actions, w.text("button", t(i18n.KeyButtonChooseAnotherMethod), "part", "button choose", "type", "button",
				"class", "secondary", "data-action", actChoose))
		}
		add(body, w.heading(t(i18n.KeyHeadingEnterCode)), add(w.form(actCode), add(w.fieldset(),
			r.field(fieldCode, label, "type", "text", "inputmode", "numeric",
				"autocomplete", "one-time-code", "autocapitalize", "none", "spellcheck", "false"),
			actions)))
	case machine.StepAuthenticated:
		who := t(i18n.KeySignedIn)
		if s.Session != nil && s.Session.Identity != nil {
			if email, ok := s.Session.Identity.Traits["email"].(string); ok && email != "" {
				who = t(i18n.KeySignedInAs, "email", email)
			}
		}
		level := t(i18n.KeyLevelAAL1)
		if contract.Str(s.AAL) == string(machine.AAL2) {
			level = t(i18n.KeyLevelAAL2)
		}
		if w.wantsAAL2() && contract.Str(s.AAL) == string(machine.AAL1) {
			level += " " + t(i18n.KeySteppingUp)
		}
		add(body, w.heading(t(i18n.KeyHeadingSignedIn)),
			add(w.el("p", "part", "session", "class", "session"),
				w.text("span", who, "class", "who"), w.el("br"), w.text("span", level, "class", "level")),
			add(w.form(actLogout), add(w.fieldset(), w.submit(t(i18n.KeyButtonSignOut)))))
	case machine.StepSignedOut:
		add(body, w.heading(t(i18n.KeyHeadingSignedOut)), w.text("p", t(i18n.KeyHintSessionEnded), "part", "hint", "class", "hint"),
			add(w.form(actStart), add(w.fieldset(), w.submit(t(i18n.KeyButtonSignInAgain)))))
	default: // idle
		if w.err != nil {
			add(body, w.heading(t(i18n.KeyHeadingSignIn)), add(w.form(actStart), add(w.fieldset(), w.submit(t(i18n.KeyButtonTryAgain)))))
		} else {
			add(body, w.text("p", t(i18n.KeyStatusStarting), "part", "status", "class", "status", "role", "status"))
		}
	}
	// Ory's messages for fields that were not rendered are form-wide.
	w.messages.SetTextContent("")
	for _, m := range s.Messages {
		if !r.own[m.Field] {
			w.messages.AppendChild(w.message(m, lang))
		}
	}
	w.body.SetTextContent("")
	w.body.AppendChild(body)
	w.renderChrome()
}

// rerender renders the same state again in the current words (a new
// lang, an embedder's addMessages), keeping what the person typed and the
// focus's field.
func (w *widget) rerender() {
	typed := map[string]string{}
	body := jsx.Safe(w.body.Underlying())
	focused := ""
	if a, err := w.root.Get("activeElement"); err == nil && a.Type() == jsx.TypeObject {
		focused = jsx.StringOf(a.Call("getAttribute", "name"))
	}
	if list, err := body.Call("querySelectorAll", "input[name]"); err == nil {
		n, _ := list.Length()
		for i := range n {
			if in, err := list.Index(i); err == nil && !truthy(in, "readOnly") {
				typed[jsx.StringOf(in.Call("getAttribute", "name"))] = jsx.StringOf(in.Get("value"))
			}
		}
	}
	w.render()
	for name, v := range typed {
		if in, err := body.Call("querySelector", `input[name="`+name+`"]`); err == nil && in.Type() == jsx.TypeObject {
			in.Set("value", v)
			if name == focused {
				in.Call("focus")
			}
		}
	}
}

// renderer renders one step's fields with Ory's messages beside them.
type renderer struct {
	w    *widget
	lang string
	own  map[string]bool // the fields rendered
}

// identifierField is the identifier input: read-only with Ory's value
// when Ory holds it (identifier-first's second screen, a refresh), else
// what the person typed last.
func (r *renderer) identifierField(held bool) node {
	value := r.w.identifier
	attrs := []string{"type", "text", "inputmode", "email", "autocomplete", "username",
		"autocapitalize", "none", "spellcheck", "false"}
	if held {
		value = contract.Str(r.w.state.Identifier)
		attrs = append(attrs, "readonly", "")
	} else if has(r.w.state, machine.MethodPasskey) {
		attrs[5] = "username webauthn" // the passkeys in the field's autofill (see maybeAutofill)
	}
	return r.field(fieldIdentifier, i18n.Default.Text(r.lang, i18n.KeyLabelIdentifier), append(attrs, "value", value)...)
}

// methods renders the aal2 choice: one form per method the flow offers,
// each in its own labelled section, codes first (as Ory lists them).
func (r *renderer) methods(body node) {
	w, s, lang := r.w, r.w.state, r.lang
	t := func(k i18n.Key, args ...string) string { return i18n.Default.Text(lang, k, args...) }
	shown := 0
	if has(s, machine.MethodCode) || len(s.Addresses) > 0 {
		shown++
		sec := w.el("section", "part", "method method-code", "class", "method", "aria-labelledby", "orylogin-method-code")
		add(sec, w.text("p", t(i18n.KeyHintCodeByEmail), "part", "hint", "class", "hint", "id", "orylogin-method-code"))
		list := w.el("ul", "part", "addresses", "class", "addresses")
		for _, a := range s.Addresses {
			key := i18n.KeyButtonSendCodeTo
			if phoneLike(a) {
				key = i18n.KeyButtonSendSMSTo
			}
			before, after := i18n.Default.Split(lang, key, "address")
			b := w.el("button", "part", "button address", "type", "submit", "name", "address", "value", a)
			add(b, w.text("span", before), w.text("span", a, "class", "address"), w.text("span", after))
			add(list, add(w.el("li"), add(w.form(actAddress), add(w.fieldset(), b))))
		}
		add(sec, list)
		if len(s.Addresses) == 0 {
			add(sec, w.text("p", t(i18n.KeyHintNoAddress), "part", "hint", "class", "hint"))
		}
		add(body, sec)
	}
	for _, m := range []struct {
		method      machine.Method
		action      string
		field       string
		label       i18n.Key
		autoOneTime bool
	}{
		{machine.MethodTOTP, actTOTP, fieldTOTP, i18n.KeyLabelTOTP, true},
		{machine.MethodLookupSecret, actLookupSecret, fieldLookupSecret, i18n.KeyLabelBackupCode, false},
	} {
		if !has(s, m.method) {
			continue
		}
		shown++
		attrs := []string{"type", "text", "autocapitalize", "none", "spellcheck", "false", "autocomplete", "off"}
		if m.autoOneTime {
			attrs = []string{"type", "text", "inputmode", "numeric", "autocomplete", "one-time-code",
				"autocapitalize", "none", "spellcheck", "false"}
		}
		sec := w.el("section", "part", "method method-"+string(m.method), "class", "method",
			"aria-labelledby", "orylogin-"+m.field+"-label")
		add(body, add(sec, add(w.form(m.action), add(w.fieldset(),
			r.field(m.field, t(m.label), attrs...),
			w.submit(t(i18n.KeyButtonVerify))))))
	}
	for _, m := range []struct {
		method machine.Method
		action string
		label  i18n.Key
	}{
		{machine.MethodWebAuthn, actSecurityKey, i18n.KeyButtonSecurityKey},
		{machine.MethodPasskey, actPasskey, i18n.KeyButtonPasskey}, // an aal1 choice without a password
	} {
		if has(s, m.method) {
			shown++
			add(body, add(w.el("section", "part", "method method-"+string(m.method), "class", "method"),
				r.ceremonyButton(m.action, t(m.label), "")))
		}
	}
	if shown == 0 {
		add(body, w.text("p", t(i18n.KeyHintNoAddress), "part", "hint", "class", "hint"))
	}
}

// passkeyButton adds "Sign in with a passkey" to the first screen's
// actions where the flow offers a passkey, and returns actions.
func (r *renderer) passkeyButton(actions node) node {
	if has(r.w.state, machine.MethodPasskey) {
		add(actions, r.ceremonyButton(actPasskey, i18n.Default.Text(r.lang, i18n.KeyButtonPasskey), "secondary"))
	}
	return actions
}

// ceremonyButton is a button that starts a WebAuthn ceremony (a passkey,
// a security key): no field, the browser asks the person.
func (r *renderer) ceremonyButton(action, label, class string) node {
	return r.w.text("button", label, "part", "button "+action, "type", "button", "class", class, "data-action", action)
}

// renderChrome shows the busy state and the error without touching what
// a person typed.
func (w *widget) renderChrome() {
	busy := "false"
	if w.busy {
		busy = "true"
	}
	w.frame.SetAttribute("aria-busy", busy)
	w.host.Call("setAttribute", "aria-busy", busy)
	text := ""
	if w.err != nil {
		if w.err.code == string(machine.CodeRateLimited) {
			text = i18n.Default.RateLimited(w.err.retryAfter, w.lang())
		} else {
			text = i18n.Default.Error(w.err.code, w.lang())
		}
	}
	w.errorBox.SetTextContent(text)
	if text == "" {
		w.errorBox.SetAttribute("hidden", "")
	} else {
		w.errorBox.RemoveAttribute("hidden")
	}
	sets, err := w.root.Call("querySelectorAll", "fieldset")
	if err != nil {
		return
	}
	n, _ := sets.Length()
	for i := range n {
		f, err := sets.Index(i)
		if err != nil {
			continue
		}
		f.Set("disabled", w.busy)
	}
}

// focusStep moves the focus into the new step: the first field with an
// error, else the first empty field, else the first field, else the
// first address, else the heading.
func (w *widget) focusStep() {
	body := jsx.Safe(w.body.Underlying())
	for _, sel := range []string{`input[aria-invalid="true"]`, "input", `button[name="address"]`, "h2"} {
		list, err := body.Call("querySelectorAll", sel)
		if err != nil {
			continue
		}
		n, _ := list.Length()
		target := jsx.Undefined()
		for i := range n {
			el, err := list.Index(i)
			if err != nil {
				continue
			}
			if target.IsUndefined() {
				target = el
			}
			if sel == "input" && jsx.StringOf(el.Get("value")) == "" {
				target = el
				break
			}
		}
		if !target.IsUndefined() {
			target.Call("focus")
			return
		}
	}
}

// heading is the step's title; it takes the focus when the step has no
// field (tabindex -1: focusable by script, not in the tab order).
func (w *widget) heading(s string) node {
	return w.text("h2", s, "part", "heading", "tabindex", "-1")
}

// form is one form of the step; data-action tells onSubmit what it does.
func (w *widget) form(action string) node {
	return w.el("form", "part", "form", "class", "form", "data-action", action)
}

func (w *widget) fieldset() node { return w.el("fieldset", "part", "fieldset") }

func (w *widget) submit(label string) node {
	return w.text("button", label, "part", "button submit", "type", "submit")
}

// field is a labelled input named as Ory's node, with Ory's messages for
// it below it (aria-describedby), aria-invalid when one is an error.
func (r *renderer) field(name, label string, attrs ...string) node {
	w := r.w
	r.own[name] = true
	id, msgID := "orylogin-"+name, "orylogin-"+name+"-messages"
	in := w.el("input", append([]string{"part", "input", "id", id, "name", name, "required", "",
		"aria-describedby", msgID}, attrs...)...)
	list := w.el("ul", "part", "field-messages", "class", "field-messages", "id", msgID)
	invalid := false
	for _, m := range w.state.Messages {
		if m.Field != name {
			continue
		}
		list.AppendChild(w.message(m, r.lang))
		invalid = invalid || m.Type == "error"
	}
	if invalid {
		in.SetAttribute("aria-invalid", "true")
	}
	return add(w.el("div", "part", "field", "class", "field"),
		w.text("label", label, "part", "label", "for", id, "id", id+"-label"), in, list)
}

// message renders one of Ory's messages as text in lang, from the
// catalogue by its id and context; Ory's own English text when the
// catalogue lacks it, marked lang="en" for screen readers.
func (w *widget) message(m contract.Message, lang string) node {
	typ := m.Type
	if typ != "error" && typ != "success" {
		typ = "info"
	}
	text, textLang := i18n.Default.Localize(i18n.Message{ID: m.ID, Type: m.Type, Text: m.Text, Context: m.Context}, lang)
	li := w.text("li", text, "part", "message message-"+typ, "class", "message message-"+typ)
	li.SetAttribute("data-id", strconv.Itoa(m.ID))
	if textLang != lang {
		li.SetAttribute("lang", textLang)
	}
	return li
}
