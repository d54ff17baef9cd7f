//go:build js && wasm

// Package widget is the Go side of the <ory-login> custom element: it
// renders a client's State into the element's open shadow root with
// honnef.co/go/js/dom/v2 and forwards what a person types and clicks to
// the client's methods. It never talks to Ory itself: its client is built
// by the bridge exactly as OryLogin.newClient builds one, so busy checks,
// events and errors are the JS API's own, and element.client is that very
// client.
//
// The JS class (OryLoginElement in web/orylogin.js) only forwards its
// lifecycle callbacks to the hooks made here: connect(element) returns a
// handle, then attributeChanged(handle, name), client(handle) and
// disconnect(handle). Everything runs in JS callbacks (DOM events, "change"
// listeners, Promise reactions); nothing here blocks, and every entry
// point recovers panics, since one would end the whole module.
//
// Why an open shadow root rather than light DOM: the page's CSS cannot
// break the forms by accident, ids (label for=, aria-describedby) cannot
// clash between two elements, and the styling API is explicit: custom
// properties and ::part, which exist only across a shadow boundary. It is
// open so that tests, password managers and page scripts can still reach
// the inputs.
//
// The widget renders from State alone (steps, addresses, messages,
// session), never from Ory's UI nodes, so Kratos nodes of type script, img
// and a are never turned into live elements; every text of Ory's is set
// with textContent.
package widget

import (
	"errors"

	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// registry holds the connected elements of one OryLogin object.
type registry struct {
	b       *bridge.Bridge
	hooks   jsx.Value
	sheet   jsx.Value // the shared constructed stylesheet, made on first use
	widgets map[int]*widget
	next    int
}

// errArgs is a hook called with arguments the JS class never passes.
var errArgs = errors.New("widget: bad hook arguments")

// Install adds OryLogin.defineElement(): it defines <ory-login> (once;
// later calls return the same class) where customElements exists, and
// returns undefined elsewhere (Node). It is a bridge.Extension.
func Install(b *bridge.Bridge, api jsx.Value) error {
	r := &registry{b: b, widgets: map[int]*widget{}}
	hooks, err := jsx.NewObject()
	if err != nil {
		return err
	}
	for _, h := range []struct {
		name string
		fn   bridge.GoFunc
	}{
		{"connect", r.connect},
		{"disconnect", r.disconnect},
		{"attributeChanged", r.attributeChanged},
		{"client", r.client},
	} {
		f, err := b.Export("element."+h.name, h.fn)
		if err != nil {
			return err
		}
		if err := hooks.Set(h.name, f); err != nil {
			return err
		}
	}
	r.hooks = hooks
	bridge.OnCatalogueChange(func() { // an embedder's addMessages: the new words now
		for _, w := range r.widgets {
			w.guard(w.rerender)
		}
	})
	define, err := b.Export("defineElement", func(jsx.Value, []jsx.Value) (any, error) {
		return b.Glue().Call("defineElement", r.hooks)
	})
	if err != nil {
		return err
	}
	return api.Set("defineElement", define)
}

// connect is called from connectedCallback with the element; it returns
// the handle the element passes to the other hooks.
func (r *registry) connect(_ jsx.Value, args []jsx.Value) (any, error) {
	if len(args) < 1 || args[0].Type() != jsx.TypeObject {
		return nil, errArgs
	}
	r.next++
	w, err := newWidget(r, r.next, args[0])
	if err != nil {
		return nil, err
	}
	r.widgets[w.id] = w
	w.restart()
	return w.id, nil
}

// widgetOf returns the widget whose handle is args[0], or nil.
func (r *registry) widgetOf(args []jsx.Value) *widget {
	if len(args) < 1 || args[0].Type() != jsx.TypeNumber {
		return nil
	}
	id, err := args[0].Int()
	if err != nil {
		return nil
	}
	return r.widgets[id]
}

// disconnect is called once the element has left the document (and was
// not just moved): the widget lets go of its client and its listeners.
func (r *registry) disconnect(_ jsx.Value, args []jsx.Value) (any, error) {
	if w := r.widgetOf(args); w != nil {
		delete(r.widgets, w.id)
		w.close()
	}
	return nil, nil
}

// attributeChanged is called for each change of an observed attribute.
func (r *registry) attributeChanged(_ jsx.Value, args []jsx.Value) (any, error) {
	w := r.widgetOf(args)
	if w == nil || len(args) < 2 {
		return nil, nil
	}
	name, err := args[1].String()
	if err != nil {
		return nil, errArgs
	}
	w.attributeChanged(name)
	return nil, nil
}

// client is element.client: the JS client the element drives, or null.
func (r *registry) client(_ jsx.Value, args []jsx.Value) (any, error) {
	w := r.widgetOf(args)
	if w == nil || w.client.IsUndefined() {
		return jsx.Null(), nil
	}
	return w.client, nil
}

// styleSheet returns the element's constructed stylesheet (one for every
// element), or undefined where the browser cannot construct one.
func (r *registry) styleSheet() jsx.Value {
	if r.sheet.Type() == jsx.TypeObject {
		return r.sheet
	}
	sheet, err := jsx.Construct("CSSStyleSheet")
	if err != nil {
		return jsx.Undefined()
	}
	if _, err := sheet.Call("replaceSync", css); err != nil {
		return jsx.Undefined()
	}
	r.sheet = sheet
	return sheet
}
