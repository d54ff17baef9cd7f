//go:build js && wasm

package widget

import (
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// Observed attributes (web/orylogin.js lists the same).
const (
	attrBaseURL = "base-url"
	attrFlow    = "flow"
	attrAAL     = "aal"
	attrOffline = "offline"
	attrLang    = "lang" // the language of the element's texts; re-renders, keeps the client
)

// Events the element dispatches (bubbles, composed).
const (
	evChange        = contract.ElementEventChange
	evAuthenticated = contract.ElementEventAuthenticated
	evError         = contract.ElementEventError
)

// widget is one connected <ory-login>.
type widget struct {
	r    *registry
	id   int
	host jsx.Value // the element
	doc  jsx.Value // its document
	root jsx.Value // its open shadow root

	// Nodes that live as long as the widget; body is re-rendered.
	frame, errorBox, messages, body *dom.BasicHTMLElement

	listeners map[string]jsx.Func // on the shadow root
	tick      jsx.Func            // runs a queued restart

	// The client and what the widget knows of it. gen counts clients:
	// answers meant for an older one are dropped.
	client      jsx.Value // the JS client object, undefined for none
	unsubscribe func()    // ends the Go-level change subscription
	gen         int

	state      contract.State
	authed     bool // state satisfied the aal attribute at the last change
	busy       bool // a call the widget started is in flight
	userCall   bool // ...started by the person: focus moves after it
	focused    jsx.Value
	err        *shownError // the last failed call's error, nil for none
	choosing   bool        // the person asked for another method than the code sent
	identifier string      // what was typed, kept for the next password form
	autofilled string      // the flow whose passkey autofill was started, "" for none
	queued     bool        // a restart waits in a microtask
	closed     bool
}

// newWidget prepares the element's shadow root and listeners.
func newWidget(r *registry, id int, host jsx.Value) (*widget, error) {
	w := &widget{r: r, id: id, host: host, listeners: map[string]jsx.Func{}, client: jsx.Undefined()}
	var err error
	if w.doc, err = host.Get("ownerDocument"); err != nil {
		return nil, err
	}
	if w.root, err = host.Get("shadowRoot"); err != nil {
		return nil, err
	}
	if w.root.Type() != jsx.TypeObject { // a reconnected element keeps its root
		init, err := jsx.NewObject()
		if err != nil {
			return nil, err
		}
		if err := init.Set("mode", "open"); err != nil {
			return nil, err
		}
		if w.root, err = host.Call("attachShadow", init); err != nil {
			return nil, err
		}
	}
	if sheet := r.styleSheet(); sheet.Type() == jsx.TypeObject {
		list, err := jsx.ArrayOf(sheet)
		if err != nil {
			return nil, err
		}
		if err := w.root.Set("adoptedStyleSheets", list); err != nil {
			return nil, err
		}
	}
	w.skeleton()
	for name, fn := range map[string]func(ev jsx.Value){"submit": w.onSubmit, "click": w.onClick} {
		f := jsx.FuncOf(func(_ jsx.Value, args []jsx.Value) any {
			if len(args) > 0 {
				w.guard(func() { fn(args[0]) })
			}
			return nil
		})
		w.listeners[name] = f
		if _, err := w.root.Call("addEventListener", name, f); err != nil {
			w.close()
			return nil, err
		}
	}
	w.tick = jsx.FuncOf(func(jsx.Value, []jsx.Value) any {
		w.queued = false
		if !w.closed {
			w.guard(w.restart)
		}
		return nil
	})
	return w, nil
}

// close lets go of the client, the listeners and the rendered nodes.
func (w *widget) close() {
	w.closed = true
	w.dropClient()
	for name, f := range w.listeners {
		w.root.Call("removeEventListener", name, f)
		f.Release()
	}
	w.listeners = nil
	w.tick.Release()
	w.root.Call("replaceChildren")
}

// guard runs fn, turning a panic into an error the element shows: a panic
// in a JS callback would end the module.
func (w *widget) guard(fn func()) {
	defer func() {
		if recover() != nil {
			w.err = &shownError{code: "internal"}
			w.busy = false
			func() {
				defer func() { recover() }()
				w.renderChrome()
			}()
		}
	}()
	fn()
}

// attr returns the attribute's value and whether it is present.
func (w *widget) attr(name string) (string, bool) {
	v, err := w.host.Call("getAttribute", name)
	if err != nil || v.Type() != jsx.TypeString {
		return "", false
	}
	s, err := v.String()
	return s, err == nil
}

// wantsAAL2 says whether the aal attribute asks for the second factor.
func (w *widget) wantsAAL2() bool {
	v, _ := w.attr(attrAAL)
	return strings.EqualFold(strings.TrimSpace(v), "aal2")
}

// attributeChanged: base-url, flow and offline make a new client (once
// per task, however many change at once); aal goes on to the second
// factor when the session has only the first.
func (w *widget) attributeChanged(name string) {
	if w.closed {
		return
	}
	if name == attrAAL {
		w.maybeStepUp(false)
		return
	}
	if name == attrLang {
		w.rerender()
		return
	}
	if !w.queued {
		w.queued = true
		if _, err := jsx.Global().Call("queueMicrotask", w.tick); err != nil {
			w.queued = false
			w.restart()
		}
	}
}

// options builds newClient's options from the attributes. A relative
// base-url is resolved against the document, so "/ory" names a same-origin
// proxy.
func (w *widget) options() (jsx.Value, error) {
	o, err := jsx.NewObject()
	if err != nil {
		return o, err
	}
	if flow, ok := w.attr(attrFlow); ok {
		if err := o.Set("flow", strings.TrimSpace(flow)); err != nil {
			return o, err
		}
	}
	if _, ok := w.attr(attrOffline); ok {
		return o, o.Set("offline", true)
	}
	if base, ok := w.attr(attrBaseURL); ok {
		base = strings.TrimSpace(base)
		if abs, err := resolveURL(base, w.doc); err == nil {
			base = abs
		}
		if err := o.Set("baseURL", base); err != nil {
			return o, err
		}
	}
	return o, nil
}

// restart drops the client and starts over with a new one built from the
// attributes.
func (w *widget) restart() {
	w.dropClient()
	w.gen++
	w.busy, w.userCall, w.err, w.authed, w.choosing, w.autofilled = false, false, nil, false, false, ""
	w.state = contract.State{Step: machine.StepIdle}
	opts, err := w.options()
	var c *bridge.Client
	if err == nil {
		c, err = w.r.b.NewClient(opts)
	}
	if err != nil {
		w.client = jsx.Undefined()
		e := w.r.b.ErrorValue(err)
		w.err = errorOf(e)
		w.render()
		w.dispatch(evError, e)
		return
	}
	w.client = c.Value
	w.unsubscribe = c.OnChange(func(s contract.State, v jsx.Value) {
		w.guard(func() { w.changed(s, v) })
	})
	w.render()
	w.startLogin(false)
}

// dropClient unsubscribes from the client and forgets it.
func (w *widget) dropClient() {
	if w.unsubscribe != nil {
		w.unsubscribe()
	}
	w.unsubscribe, w.client = nil, jsx.Undefined()
}

func (w *widget) startLogin(user bool) {
	opts, err := jsx.NewObject()
	if err == nil {
		err = opts.Set("aal", string(machine.AAL1))
	}
	if err == nil {
		w.call(contract.FnStartLogin, user, opts)
	}
}

// call starts one client method; the person's own calls move the focus
// when they end.
func (w *widget) call(method string, user bool, args ...any) {
	if w.client.IsUndefined() || w.busy {
		return
	}
	if user {
		w.focused, _ = w.root.Get("activeElement")
	}
	p, err := w.client.Call(method, args...)
	if err != nil {
		return
	}
	w.busy, w.userCall, w.err = true, user, nil
	w.renderChrome()
	gen := w.gen
	w.then(p, func(jsx.Value) {
		if gen == w.gen && !w.closed {
			w.done()
		}
	}, func(e jsx.Value) {
		if gen == w.gen && !w.closed {
			w.failed(e)
		}
	})
}

// then attaches ok and fail to the Promise p; both callbacks are released
// once it settles.
func (w *widget) then(p jsx.Value, ok, fail func(jsx.Value)) {
	var fOK, fFail jsx.Func
	settle := func(fn func(jsx.Value), args []jsx.Value) any {
		fOK.Release()
		fFail.Release()
		v := jsx.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		w.guard(func() { fn(v) })
		return nil
	}
	fOK = jsx.FuncOf(func(_ jsx.Value, a []jsx.Value) any { return settle(ok, a) })
	fFail = jsx.FuncOf(func(_ jsx.Value, a []jsx.Value) any { return settle(fail, a) })
	if _, err := p.Call("then", fOK, fFail); err != nil {
		fOK.Release()
		fFail.Release()
	}
}

// changed is the client's "change" listener: render the new state, then
// tell the page.
func (w *widget) changed(s contract.State, state jsx.Value) {
	if s.Step != w.state.Step {
		w.choosing = false
	}
	w.state = s
	w.render()
	w.dispatch(evChange, state)
	sat := s.Step == machine.StepAuthenticated && (!w.wantsAAL2() || contract.Str(s.AAL) == string(machine.AAL2))
	if sat && !w.authed {
		w.authed = true
		w.dispatch(evAuthenticated, state)
	}
	w.authed = sat
	w.maybeAutofill()
}

// maybeAutofill starts the passkey autofill once per flow whose first
// screen offers a passkey: the browser then lists the person's passkeys
// in the identifier field's autofill (autocomplete="username webauthn"),
// and picking one signs in without a click. Any other call ends the wait;
// an ended wait, or a browser without passkey autofill, says nothing.
func (w *widget) maybeAutofill() {
	s := w.state
	flow := contract.Str(s.FlowID)
	if w.client.IsUndefined() || flow == "" || flow == w.autofilled || !has(s, machine.MethodPasskey) ||
		(s.Step != machine.StepPassword && s.Step != machine.StepIdentifier) {
		return
	}
	opts, err := jsx.NewObject()
	if err != nil || opts.Set("autofill", true) != nil {
		return
	}
	p, err := w.client.Call(contract.FnSignInWithPasskey, opts)
	if err != nil {
		return
	}
	w.autofilled = flow
	gen := w.gen
	w.then(p, func(jsx.Value) {
		if gen == w.gen && !w.closed {
			w.maybeStepUp(true)
		}
	}, func(jsx.Value) {})
}

// done ends a call that resolved (its state was rendered by changed).
func (w *widget) done() {
	w.busy = false
	w.renderChrome()
	if w.userCall {
		w.focusStep()
	}
	w.maybeStepUp(w.userCall)
}

// failed ends a call that rejected: the form stays as it was, with the
// error above it, and the page gets orylogin:error.
func (w *widget) failed(e jsx.Value) {
	w.busy = false
	w.err = errorOf(e)
	if w.state.Step == machine.StepIdle || w.state.Step == machine.StepSignedOut {
		w.render() // offers to start again
	} else {
		w.renderChrome()
	}
	if w.userCall {
		if w.focused.Type() == jsx.TypeObject && truthy(w.focused, "isConnected") {
			w.focused.Call("focus")
		} else {
			w.focusStep()
		}
	}
	w.dispatch(evError, e)
}

// maybeStepUp goes on to the second factor when aal="aal2" and the
// session has the first only.
func (w *widget) maybeStepUp(user bool) {
	if !w.busy && w.wantsAAL2() && w.state.Step == machine.StepAuthenticated && contract.Str(w.state.AAL) == string(machine.AAL1) {
		w.call(contract.FnStartStepUp, user)
	}
}

// onSubmit handles every form of the shadow root.
func (w *widget) onSubmit(ev jsx.Value) {
	ev.Call("preventDefault")
	form, err := ev.Get("target")
	if err != nil || form.Type() != jsx.TypeObject {
		return
	}
	action := jsx.StringOf(form.Call("getAttribute", "data-action"))
	switch action {
	case actIdentifier:
		id := strings.TrimSpace(w.fieldValue(form, "identifier"))
		w.identifier = id
		if opts, err := jsx.NewObject(); err == nil && opts.Set("identifier", id) == nil {
			w.call(contract.FnSubmitIdentifier, true, opts)
		}
	case actPassword:
		creds, err := jsx.NewObject()
		if err == nil && creds.Set("password", w.fieldValue(form, fieldPassword)) == nil {
			if contract.Str(w.state.Identifier) == "" { // else Ory holds it: the read-only field only shows it
				id := strings.TrimSpace(w.fieldValue(form, "identifier"))
				w.identifier = id
				err = creds.Set("identifier", id)
			}
			if err == nil {
				w.call(contract.FnSubmitPassword, true, creds)
			}
		}
	case actTOTP, actLookupSecret:
		method, field := contract.FnSubmitTOTP, fieldTOTP
		if action == actLookupSecret {
			method, field = contract.FnSubmitLookupSecret, fieldLookupSecret
		}
		if opts, err := jsx.NewObject(); err == nil && opts.Set("code", strings.TrimSpace(w.fieldValue(form, field))) == nil {
			w.call(method, true, opts)
		}
	case actAddress:
		sub, _ := ev.Get("submitter")
		opts, err := jsx.NewObject()
		if err == nil && sub.Type() == jsx.TypeObject && opts.Set("address", jsx.StringOf(sub.Get("value"))) == nil {
			w.call(contract.FnSendCode, true, opts)
		}
	case actCode:
		opts, err := jsx.NewObject()
		if err == nil && opts.Set("code", strings.TrimSpace(w.fieldValue(form, "code"))) == nil {
			w.call(contract.FnSubmitCode, true, opts)
		}
	case actLogout:
		w.call(contract.FnLogout, true)
	case actStart:
		if w.client.IsUndefined() {
			w.restart()
		} else {
			w.startLogin(true)
		}
	}
}

// onClick handles the buttons that are not a form's submit: resend,
// the passwordless login code, a passkey, a security key, the choice.
func (w *widget) onClick(ev jsx.Value) {
	target, err := ev.Get("target")
	if err != nil || target.Type() != jsx.TypeObject || !isFunction(target, "closest") {
		return
	}
	b, err := target.Call("closest", "button[data-action]")
	if err != nil || b.Type() != jsx.TypeObject || jsx.StringOf(b.Get("type")) == "submit" {
		return
	}
	switch jsx.StringOf(b.Call("getAttribute", "data-action")) {
	case actResend:
		w.call(contract.FnResendCode, true)
	case actLoginCode: // passwordless: a code to the identifier typed (or held)
		id := contract.Str(w.state.Identifier)
		if form, err := b.Call("closest", "form"); id == "" && err == nil && form.Type() == jsx.TypeObject {
			id = strings.TrimSpace(w.fieldValue(form, "identifier"))
			w.identifier = id
		}
		if opts, err := jsx.NewObject(); err == nil && opts.Set("identifier", id) == nil {
			w.call(contract.FnSendCode, true, opts)
		}
	case actPasskey:
		w.call(contract.FnSignInWithPasskey, true)
	case actSecurityKey:
		w.call(contract.FnSignInWithKey, true)
	case actChoose: // show every method of the aal2 flow again
		w.choosing = true
		w.render()
		w.focusStep()
	}
}

// fieldValue returns the value of form's input named name.
func (w *widget) fieldValue(form jsx.Value, name string) string {
	in, err := form.Call("querySelector", `input[name="`+name+`"]`)
	if err != nil || in.Type() != jsx.TypeObject {
		return ""
	}
	return jsx.StringOf(in.Get("value"))
}

// dispatch fires a CustomEvent of typ from the element, bubbling out of
// any shadow tree it sits in.
func (w *widget) dispatch(typ string, detail jsx.Value) {
	init, err := jsx.NewObject()
	if err != nil {
		return
	}
	for k, v := range map[string]any{"detail": detail, "bubbles": true, "composed": true} {
		if init.Set(k, v) != nil {
			return
		}
	}
	if ev, err := jsx.Construct("CustomEvent", typ, init); err == nil {
		w.host.Call("dispatchEvent", ev)
	}
}

// shownError is what the element keeps of a failed call to show the
// person: the code and Ory's Retry-After, so that the sentence follows the
// language. The developer text (error.message, "orylogin: …") stays in
// the error and the orylogin:error event.
type shownError struct {
	code       string
	retryAfter int
}

// errorOf reads an OryLoginError's code and retryAfter.
func errorOf(e jsx.Value) *shownError {
	out := &shownError{code: "internal"}
	if e.Type() != jsx.TypeObject {
		return out
	}
	if c := jsx.StringOf(e.Get("code")); c != "" {
		out.code = c
	}
	if v, err := e.Get("retryAfter"); err == nil && v.Type() == jsx.TypeNumber {
		out.retryAfter, _ = v.Int()
	}
	return out
}

// resolveURL returns new URL(ref, doc.baseURI).href.
func resolveURL(ref string, doc jsx.Value) (string, error) {
	base, err := doc.Get("baseURI")
	if err != nil {
		return "", err
	}
	u, err := jsx.Construct("URL", ref, base)
	if err != nil {
		return "", err
	}
	return jsx.StringOf(u.Get("href")), nil
}

// truthy reports whether v[key] is truthy.
func truthy(v jsx.Value, key string) bool {
	x, err := v.Get(key)
	if err != nil {
		return false
	}
	t, _ := x.Truthy()
	return t
}

func isFunction(v jsx.Value, key string) bool {
	x, err := v.Get(key)
	return err == nil && x.Type() == jsx.TypeFunction
}
