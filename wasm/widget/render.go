//go:build js && wasm

package widget

import (
	"strconv"

	"github.com/hack-pad/safejs"
	"honnef.co/go/js/dom/v2"

	"github.com/orylogin/orylogin/wasm/contract"
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
	e := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: safejs.Unsafe(v)}}}
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

// fields are the inputs each step renders; a message whose field is not
// among them is shown with the form-wide ones.
var fields = map[contract.Step][]string{
	contract.StepPassword: {"identifier", "password"},
	contract.StepCodeSent: {"code"},
}

// render re-renders the body for the current state, then the chrome.
func (w *widget) render() {
	s := w.state
	byField := map[string][]contract.Message{}
	var global []contract.Message
	own := map[string]bool{}
	for _, f := range fields[s.Step] {
		own[f] = true
	}
	for _, m := range s.Messages {
		if own[m.Field] {
			byField[m.Field] = append(byField[m.Field], m)
		} else {
			global = append(global, m)
		}
	}
	w.messages.SetTextContent("")
	for _, m := range global {
		w.messages.AppendChild(w.message(m))
	}
	w.body.SetTextContent("")
	w.host.Call("setAttribute", "data-step", string(s.Step))
	switch s.Step {
	case contract.StepPassword:
		add(w.body, w.heading("Sign in"), add(w.form("password"), add(w.fieldset(),
			w.field("identifier", "E-mail or username", byField, "type", "text", "inputmode", "email",
				"autocomplete", "username", "autocapitalize", "none", "spellcheck", "false", "value", w.identifier),
			w.field("password", "Password", byField, "type", "password", "autocomplete", "current-password"),
			w.submit("Sign in"))))
	case contract.StepChooseMethod:
		list := w.el("ul", "part", "addresses", "class", "addresses")
		for _, a := range s.Addresses {
			b := w.el("button", "part", "button address", "type", "submit", "name", "address", "value", a)
			add(b, w.text("span", "Send a code to "), w.text("span", a, "class", "address"))
			add(list, add(w.el("li"), add(w.form("address"), add(w.fieldset(), b))))
		}
		add(w.body, w.heading("Second factor"),
			w.text("p", "Ory sends a one-time code by e-mail. Where should it go?", "part", "hint", "class", "hint"),
			list)
		if len(s.Addresses) == 0 {
			add(w.body, w.text("p", "Ory offers no address for a code.", "part", "hint", "class", "hint"))
		}
	case contract.StepCodeSent:
		resend := w.text("button", "Send a new code", "part", "button resend", "type", "button",
			"class", "secondary", "data-action", "resend")
		add(w.body, w.heading("Enter the code"), add(w.form("code"), add(w.fieldset(),
			w.field("code", "One-time code from the e-mail", byField, "type", "text", "inputmode", "numeric",
				"autocomplete", "one-time-code", "autocapitalize", "none", "spellcheck", "false"),
			add(w.el("div", "class", "actions"), w.submit("Verify"), resend))))
	case contract.StepAuthenticated:
		who := "Signed in"
		if s.Session != nil && s.Session.Identity != nil {
			if email, ok := s.Session.Identity.Traits["email"].(string); ok && email != "" {
				who = "Signed in as " + email
			}
		}
		level := "Authentication level: " + string(s.CurrentAAL())
		if w.wantsAAL2() && s.CurrentAAL() == contract.AAL1 {
			level += " — going on to the second factor"
		}
		add(w.body, w.heading("Signed in"),
			add(w.el("p", "part", "session", "class", "session"),
				w.text("span", who, "class", "who"), w.el("br"), w.text("span", level, "class", "level")),
			add(w.form("logout"), add(w.fieldset(), w.submit("Sign out"))))
	case contract.StepSignedOut:
		add(w.body, w.heading("Signed out"), w.text("p", "The session has ended.", "part", "hint", "class", "hint"),
			add(w.form("start"), add(w.fieldset(), w.submit("Sign in again"))))
	default: // idle
		if w.errText != "" {
			add(w.body, w.heading("Sign in"), add(w.form("start"), add(w.fieldset(), w.submit("Try again"))))
		} else {
			add(w.body, w.text("p", "Starting…", "part", "status", "class", "status", "role", "status"))
		}
	}
	w.renderChrome()
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
	w.errorBox.SetTextContent(w.errText)
	if w.errText == "" {
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
	body := safejs.Safe(w.body.Underlying())
	for _, sel := range []string{`input[aria-invalid="true"]`, "input", `button[name="address"]`, "h2"} {
		list, err := body.Call("querySelectorAll", sel)
		if err != nil {
			continue
		}
		n, _ := list.Length()
		target := safejs.Undefined()
		for i := range n {
			el, err := list.Index(i)
			if err != nil {
				continue
			}
			if target.IsUndefined() {
				target = el
			}
			if sel == "input" && stringOf(el.Get("value")) == "" {
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
func (w *widget) field(name, label string, byField map[string][]contract.Message, attrs ...string) node {
	id, msgID := "orylogin-"+name, "orylogin-"+name+"-messages"
	in := w.el("input", append([]string{"part", "input", "id", id, "name", name, "required", "",
		"aria-describedby", msgID}, attrs...)...)
	list := w.el("ul", "part", "field-messages", "class", "field-messages", "id", msgID)
	invalid := false
	for _, m := range byField[name] {
		list.AppendChild(w.message(m))
		invalid = invalid || m.Type == contract.MessageError
	}
	if invalid {
		in.SetAttribute("aria-invalid", "true")
	}
	return add(w.el("div", "part", "field", "class", "field"), w.text("label", label, "part", "label", "for", id), in, list)
}

// message renders one of Ory's messages as text.
func (w *widget) message(m contract.Message) node {
	typ := m.Type
	if typ != contract.MessageError && typ != contract.MessageSuccess {
		typ = contract.MessageInfo
	}
	li := w.text("li", m.Text, "part", "message message-"+typ, "class", "message message-"+typ)
	li.SetAttribute("data-id", strconv.Itoa(m.ID))
	return li
}
