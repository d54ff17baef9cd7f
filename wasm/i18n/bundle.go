package i18n

import (
	_ "embed" // the catalogues ship inside the module
	"errors"
	"slices"
	"strings"
	"sync"
)

// The shipped catalogues, as written by their translators.
var (
	//go:embed catalog/en.txt
	catalogEN string
	//go:embed catalog/de.txt
	catalogDE string
	//go:embed catalog/fr.txt
	catalogFR string
	//go:embed catalog/es.txt
	catalogES string
	//go:embed catalog/pt-BR.txt
	catalogPTBR string
	//go:embed catalog/ja.txt
	catalogJA string
)

// English is the language of last resort and the reference every other
// catalogue is checked against.
const English = "en"

// builtin maps each shipped language to its catalogue text.
var builtin = map[string]*string{
	"en": &catalogEN, "de": &catalogDE, "fr": &catalogFR,
	"es": &catalogES, "pt-BR": &catalogPTBR, "ja": &catalogJA,
}

// ErrInvalid is returned by Add for an empty language tag or key.
var ErrInvalid = errors.New("i18n: empty language tag or key")

// Bundle is a set of catalogues: the shipped ones, read on first use of a
// language, plus what the embedder added. It is safe for concurrent use.
type Bundle struct {
	mu    sync.RWMutex
	langs map[string]map[string]string // by canonical tag; a shipped one is nil until read
}

// Default is the bundle the element and the JS API share, so that
// OryLogin.addMessages reaches every <ory-login> of the page.
var Default = New()

// New returns a bundle with the shipped catalogues only.
func New() *Bundle {
	b := &Bundle{langs: map[string]map[string]string{}}
	for lang := range builtin {
		b.langs[lang] = nil
	}
	return b
}

// Languages returns the bundle's language tags: the shipped ones,
// English first, then the added ones in order.
func (b *Bundle) Languages() []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := []string{English}
	for _, lang := range []string{"de", "fr", "es", "pt-BR", "ja"} {
		if _, ok := b.langs[lang]; ok {
			out = append(out, lang)
		}
	}
	var added []string
	for lang := range b.langs {
		if _, ok := builtin[lang]; !ok {
			added = append(added, lang)
		}
	}
	slices.Sort(added)
	return append(out, added...)
}

// Add adds or overrides texts of lang by key (a Key, an Ory message id in
// decimal, or "error."+code). A tag the bundle lacks adds a language,
// which Negotiate then offers. An empty text removes nothing: it is
// ignored, so that a catalogue can never make a text empty.
func (b *Bundle) Add(lang string, texts map[string]string) error {
	tag := canonical(lang)
	if tag == "" {
		return ErrInvalid
	}
	for k := range texts {
		if strings.TrimSpace(k) == "" {
			return ErrInvalid
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for known := range b.langs {
		if strings.EqualFold(known, tag) {
			tag = known
		}
	}
	cat := b.catalogue(tag)
	if cat == nil {
		cat = map[string]string{}
		b.langs[tag] = cat
	}
	for k, v := range texts {
		if v != "" {
			cat[strings.TrimSpace(k)] = v
		}
	}
	return nil
}

// catalogue returns lang's texts, reading a shipped catalogue on first
// use. The caller holds b.mu for writing, or for reading when the
// catalogue was read already (lookup sees to that).
func (b *Bundle) catalogue(lang string) map[string]string {
	cat, ok := b.langs[lang]
	if cat == nil && ok {
		if src, shipped := builtin[lang]; shipped {
			cat = parse(*src)
			b.langs[lang] = cat
		}
	}
	return cat
}

// lookup returns lang's text for key, without falling back.
func (b *Bundle) lookup(lang, key string) (string, bool) {
	b.mu.RLock()
	cat, ok := b.langs[lang]
	if ok && cat != nil {
		t, found := cat[key]
		b.mu.RUnlock()
		return t, found
	}
	b.mu.RUnlock()
	if !ok {
		return "", false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t, found := b.catalogue(lang)[key]
	return t, found
}

// parse reads "key = text" lines; blank lines and lines starting with #
// are skipped. A text keeps everything after the first " = ".
func parse(src string) map[string]string {
	out := map[string]string{}
	for line := range strings.SplitSeq(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, " = "); ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}
