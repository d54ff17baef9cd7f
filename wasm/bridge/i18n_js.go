//go:build js && wasm

package bridge

import (
	"strconv"
	"sync"

	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/i18n"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// Limits of addMessages' arguments.
const (
	maxLangLen      = 35
	maxMessageKey   = 64
	maxMessageText  = 2000
	maxMessageCount = 5000
)

// catalogueListeners are told when an embedder changed a catalogue, so that
// every <ory-login> renders again in the new words.
var catalogueListeners struct {
	sync.Mutex
	fns []func()
}

// OnCatalogueChange registers fn to run after every addMessages.
func OnCatalogueChange(fn func()) {
	catalogueListeners.Lock()
	catalogueListeners.fns = append(catalogueListeners.fns, fn)
	catalogueListeners.Unlock()
}

// i18nAPI adds the language functions to the OryLogin object:
// addMessages, formatMessage, formatError, negotiateLanguage and the
// languages getter, all synchronous, for pages that render the State
// themselves in the person's language.
func (b *Bridge) i18nAPI(api jsx.Value) error {
	for name, fn := range map[string]goFunc{
		"addMessages":       b.addMessages,
		"formatMessage":     b.formatMessage,
		"formatError":       b.formatError,
		"negotiateLanguage": b.negotiateLanguage,
	} {
		v, err := b.export("sync", name, fn)
		if err != nil {
			return err
		}
		if err := api.Set(name, v); err != nil {
			return err
		}
	}
	getter, err := b.export("sync", "languages", func(jsx.Value, []jsx.Value) (any, error) {
		return b.fromJSON(i18n.Default.Languages())
	})
	if err != nil {
		return err
	}
	return b.defineGetter(api, "languages", getter)
}

// addMessages(lang, {key: text}): adds or overrides texts; keys are the
// element's text keys, Ory's message ids, or "error."+code.
func (b *Bridge) addMessages(_ jsx.Value, args []jsx.Value) (any, error) {
	lang, err := stringArg(args, 0, "lang", maxLangLen)
	if err != nil {
		return nil, err
	}
	obj, _, err := b.objectArg(args, 1, "messages", false)
	if err != nil {
		return nil, err
	}
	keys, err := jsObject.Call("keys", obj)
	if err != nil {
		return nil, invalid("messages cannot be read")
	}
	n, err := get(keys, "length")
	if err != nil || n.Type() != jsx.TypeNumber {
		return nil, invalid("messages cannot be read")
	}
	count, _ := n.Int()
	if count > maxMessageCount {
		return nil, invalid("messages has too many entries")
	}
	texts := make(map[string]string, count)
	for i := range count {
		k, err := get(keys, i)
		if err != nil || k.Type() != jsx.TypeString {
			return nil, invalid("messages cannot be read")
		}
		key, _ := k.String()
		if len(key) > maxMessageKey {
			return nil, invalid("a message key is too long")
		}
		text, _, err := stringField(obj, key, maxMessageText, true)
		if err != nil {
			return nil, invalid("each message must be a non-empty string of at most 2000 bytes")
		}
		texts[key] = text
	}
	if err := i18n.Default.Add(lang, texts); err != nil {
		return nil, invalid("lang and every key must be non-empty")
	}
	catalogueListeners.Lock()
	fns := append([]func(){}, catalogueListeners.fns...)
	catalogueListeners.Unlock()
	for _, fn := range fns {
		fn()
	}
	return nil, nil
}

// formatMessage(message, lang?): a State's Message in lang (default the
// page's), Ory's own text where the catalogue has none.
func (b *Bridge) formatMessage(_ jsx.Value, args []jsx.Value) (any, error) {
	obj, _, err := b.objectArg(args, 0, "message", false)
	if err != nil {
		return nil, err
	}
	s, err := b.json.Call("stringify", obj)
	if err != nil || s.Type() != jsx.TypeString {
		return nil, invalid("message cannot be read")
	}
	raw, _ := s.String()
	if len(raw) > 64<<10 {
		return nil, invalid("message must be a Message of the State")
	}
	m, ok := contract.DecodeMessage([]byte(raw))
	if !ok {
		return nil, invalid("message must be a Message of the State")
	}
	lang, err := b.langArg(args, 1)
	if err != nil {
		return nil, err
	}
	return i18n.Default.Format(i18n.Message{ID: m.ID, Type: m.Type, Text: m.Text, Context: m.Context}, lang), nil
}

// formatError(error | code, lang?): the sentence for a person, never the
// developer text.
func (b *Bridge) formatError(_ jsx.Value, args []jsx.Value) (any, error) {
	if len(args) == 0 || absent(args[0]) {
		return nil, invalid("error is required")
	}
	code, retryAfter := "", 0
	switch args[0].Type() {
	case jsx.TypeString:
		code, _ = args[0].String()
	case jsx.TypeObject:
		c, _, err := stringField(args[0], "code", 64, true)
		if err != nil {
			return nil, err
		}
		code = c
		if r, ok, err := numberField(args[0], "retryAfter", 0, 1e9, true); err == nil && ok {
			retryAfter = int(r)
		}
	default:
		return nil, invalid("error must be an OryLoginError or its code")
	}
	lang, err := b.langArg(args, 1)
	if err != nil {
		return nil, err
	}
	if code == string(machine.CodeRateLimited) && retryAfter > 0 {
		return i18n.Default.RateLimited(retryAfter, lang), nil
	}
	return i18n.Default.Error(code, lang), nil
}

// negotiateLanguage(...tags): the best shipped or added language.
func (b *Bridge) negotiateLanguage(_ jsx.Value, args []jsx.Value) (any, error) {
	var tags []string
	for _, a := range args {
		if a.Type() == jsx.TypeString {
			if s, err := a.String(); err == nil && len(s) <= maxLangLen {
				tags = append(tags, s)
			}
		}
	}
	return i18n.Default.Negotiate(tags...), nil
}

// langArg reads an optional language tag; absent means the page's lang
// (document.documentElement.lang), or English where there is no page.
func (b *Bridge) langArg(args []jsx.Value, i int) (string, error) {
	if i < len(args) && !absent(args[i]) {
		return stringArg(args, i, "lang", maxLangLen)
	}
	return i18n.Default.Negotiate(pageLang()), nil
}

// pageLang is document.documentElement.lang, "" without a document.
func pageLang() string {
	doc, err := jsx.Global().Get("document")
	if err != nil || doc.Type() != jsx.TypeObject {
		return ""
	}
	el, err := doc.Get("documentElement")
	if err != nil || el.Type() != jsx.TypeObject {
		return ""
	}
	l, err := el.Get("lang")
	if err != nil || l.Type() != jsx.TypeString {
		return ""
	}
	s, _ := l.String()
	return s
}

// stringArg reads args[i], a required non-empty string of at most max bytes.
func stringArg(args []jsx.Value, i int, name string, max int) (string, error) {
	if i >= len(args) || args[i].Type() != jsx.TypeString {
		return "", invalid(name + " must be a string")
	}
	s, err := args[i].String()
	if err != nil || s == "" || len(s) > max {
		return "", invalid(name + " must be a non-empty string of at most " + strconv.Itoa(max) + " bytes")
	}
	return s, nil
}
