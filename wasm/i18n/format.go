package i18n

import (
	"strconv"
	"strings"
)

// Message is one of Ory's UI messages (ui.messages[] and
// nodes[].messages[]): its id, type, English text and context, the values
// its text was made from (address, reason, property…).
type Message struct {
	ID      int
	Type    string
	Text    string
	Context map[string]any
}

// Format returns m in lang (negotiated): the catalogue's text for its id
// with the context filled in, else Ory's own text, never "". A template
// with a placeholder the context lacks is skipped, not shown half-filled.
func (b *Bundle) Format(m Message, lang string) string {
	text, _ := b.Localize(m, lang)
	return text
}

// Localize is Format that also says the language of the text: lang
// negotiated, or English when it is Ory's own text (or the English
// catalogue's), so the element can mark it lang="en" for screen readers.
func (b *Bundle) Localize(m Message, lang string) (text, textLang string) {
	lang = b.Negotiate(lang)
	for _, key := range messageKeys(m) {
		if t, ok := b.lookup(lang, key); ok {
			if s, ok := fill(t, m.Context); ok {
				return s, lang
			}
		}
	}
	if strings.TrimSpace(m.Text) != "" {
		return m.Text, English
	}
	for _, key := range messageKeys(m) { // Ory sent no text: English, then generic
		if t, ok := b.lookup(English, key); ok {
			if s, ok := fill(t, m.Context); ok {
				return s, English
			}
		}
	}
	return b.Error("internal", lang), lang
}

// messageKeys are the catalogue keys for m, most specific first: the id
// with a known reason ("4000001.too_often"), then the id.
func messageKeys(m Message) []string {
	id := strconv.Itoa(m.ID)
	reason, _ := m.Context["reason"].(string)
	if reason == "" {
		reason = m.Text
	}
	if r := reasonKey(reason); r != "" {
		return []string{id + "." + r, id}
	}
	return []string{id}
}

// Text returns the element text key in lang (negotiated), English when
// lang lacks it, with {name} filled from args given as name, value pairs.
// A placeholder without a value is left out rather than shown.
func (b *Bundle) Text(lang string, key Key, args ...string) string {
	t := b.withFallback(b.Negotiate(lang), string(key))
	ctx := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		ctx[args[i]] = args[i+1]
	}
	s, _ := fill(t, ctx)
	return s
}

// Split returns the element text key in lang around its placeholder
// {name}, for a caller that renders the value in its own element
// ("Send a code to " + <span>address</span> + ""; in Japanese the address
// comes first). Without the placeholder, before is the whole text.
func (b *Bundle) Split(lang string, key Key, name string) (before, after string) {
	t := b.withFallback(b.Negotiate(lang), string(key))
	before, after, _ = strings.Cut(t, "{"+name+"}")
	return before, after
}

// Error returns the sentence for the person about an OryLoginError code in
// lang (negotiated), English when lang lacks it, the internal one for an
// unknown code. It never holds the code itself or "orylogin:".
func (b *Bundle) Error(code, lang string) string {
	lang = b.Negotiate(lang)
	if t, ok := b.lookupWithFallback(lang, errorKey(code)); ok {
		return t
	}
	return b.withFallback(lang, errorKey("internal"))
}

// RateLimited returns the sentence for a rate_limited error in lang
// (negotiated) with Ory's Retry-After in seconds; the plain rate_limited
// sentence when Ory gave none (seconds <= 0).
func (b *Bundle) RateLimited(seconds int, lang string) string {
	lang = b.Negotiate(lang)
	if seconds > 0 {
		if t, ok := b.lookupWithFallback(lang, errorKey("rate_limited_seconds")); ok {
			if s, ok := fill(t, map[string]any{"seconds": seconds}); ok {
				return s
			}
		}
	}
	return b.Error("rate_limited", lang)
}

// withFallback returns lang's text for key, else English's, else "".
func (b *Bundle) withFallback(lang, key string) string {
	t, _ := b.lookupWithFallback(lang, key)
	return t
}

func (b *Bundle) lookupWithFallback(lang, key string) (string, bool) {
	if t, ok := b.lookup(lang, key); ok {
		return t, true
	}
	return b.lookup(English, key)
}

// fill replaces each {name} of t by ctx[name]; ok is false when a name has
// no value (which is then left out). Braces around anything but a name
// stay as they are.
func fill(t string, ctx map[string]any) (string, bool) {
	if !strings.Contains(t, "{") {
		return t, true
	}
	var sb strings.Builder
	ok := true
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			sb.WriteString(t)
			return sb.String(), ok
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 || !isName(t[i+1:i+j]) {
			sb.WriteString(t[:i+1])
			t = t[i+1:]
			continue
		}
		sb.WriteString(t[:i])
		v, found := valueText(ctx[t[i+1:i+j]])
		ok = ok && found
		sb.WriteString(v)
		t = t[i+j+1:]
	}
}

// placeholders returns the names of t's placeholders in order.
func placeholders(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return out
		}
		if name := t[i+1 : i+j]; isName(name) {
			out = append(out, name)
			t = t[i+j+1:]
		} else {
			t = t[i+1:]
		}
	}
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// valueText writes a context value as text: JSON numbers without a
// needless ".0", lists joined with ", ". Nil, empty and objects have none.
func valueText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, x != ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case bool:
		return strconv.FormatBool(x), true
	case []string:
		return strings.Join(x, ", "), len(x) > 0
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := valueText(e); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", "), len(parts) > 0
	}
	return "", false
}
