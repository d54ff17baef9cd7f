package i18n

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
)

// ctx decodes a context as Ory sends it, so numbers are float64 as in
// the element and the JS API.
func ctx(t *testing.T, j string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(j), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFormatFillsTheContext(t *testing.T) {
	b := New()
	send := Message{ID: 1010023, Type: "info", Text: "Send code to alice@example.com",
		Context: ctx(t, `{"address":"alice@example.com","channel":"email"}`)}
	missing := Message{ID: 4000002, Type: "error", Text: "Property password is missing.", Context: ctx(t, `{"property":"password"}`)}
	short := Message{ID: 4000003, Type: "error", Text: "length must be >= 8, but got 3", Context: ctx(t, `{"min_length":8,"actual_length":3}`)}
	for _, c := range []struct {
		m    Message
		lang string
		want string
	}{
		{send, "de", "Code senden an alice@example.com"},
		{send, "ja", "alice@example.com にコードを送信"},
		{send, "en", "Send code to alice@example.com"},
		{missing, "fr", "Le champ password est manquant."},
		{short, "es", "Debe tener al menos 8 caracteres."},
		{Message{ID: 4000006, Type: "error", Text: "The provided credentials are invalid…"}, "pt-BR",
			"As credenciais informadas são inválidas. Verifique a grafia da sua senha, nome de usuário, e-mail ou número de telefone."},
		{Message{ID: 1070002, Type: "info", Text: "E-Mail", Context: ctx(t, `{"title":"E-Mail"}`)}, "fr", "E-Mail"},
	} {
		if got := b.Format(c.m, c.lang); got != c.want {
			t.Errorf("Format(%d, %s) = %q, want %q", c.m.ID, c.lang, got, c.want)
		}
	}
}

// TestFormatFallsBackToOry: an id the catalogue lacks, or a context that
// lacks a placeholder's value, gives Ory's own text; never "".
func TestFormatFallsBackToOry(t *testing.T) {
	b := New()
	unknown := Message{ID: 1050001, Type: "success", Text: "Your changes have been saved!"}
	if got := b.Format(unknown, "de"); got != unknown.Text {
		t.Errorf("unknown id: %q, want Ory's %q", got, unknown.Text)
	}
	noContext := Message{ID: 1010023, Type: "info", Text: "Send code to bob@example.com"}
	if got := b.Format(noContext, "de"); got != noContext.Text {
		t.Errorf("no context: %q, want Ory's %q", got, noContext.Text)
	}
	emptyValue := Message{ID: 1010023, Type: "info", Text: "Send code to x", Context: map[string]any{"address": ""}}
	if got := b.Format(emptyValue, "es"); got != emptyValue.Text {
		t.Errorf("empty value: %q, want Ory's %q", got, emptyValue.Text)
	}
	// Ory sent no text at all: the catalogue in English, then a sentence.
	if got := b.Format(Message{ID: 1050001, Type: "info"}, "de"); got != b.Error("internal", "de") {
		t.Errorf("no text, unknown id: %q", got)
	}
	if got := b.Format(Message{ID: 1010023, Type: "info", Context: map[string]any{"address": "a@b.c"}}, "xx"); got != "Send code to a@b.c" {
		t.Errorf("no text, unknown language: %q", got)
	}
}

func TestFormatKnownAndUnknownReasons(t *testing.T) {
	b := New()
	tooOften := "The request was submitted too often. Please request another code."
	m := Message{ID: 4000001, Type: "error", Text: tooOften, Context: map[string]any{"reason": tooOften}}
	if got := b.Format(m, "de"); got != "Der Code wurde zu oft eingegeben. Bitte fordern Sie einen neuen Code an." {
		t.Errorf("known reason: %q", got)
	}
	if got := b.Format(Message{ID: 4000001, Type: "error", Text: tooOften}, "ja"); !strings.Contains(got, "新しいコード") {
		t.Errorf("known reason without context: %q", got)
	}
	odd := "Unable to decode form as JSON."
	if got := b.Format(Message{ID: 4000001, Type: "error", Text: odd, Context: map[string]any{"reason": odd}}, "fr"); got != odd {
		t.Errorf("unknown reason: %q, want Ory's", got)
	}
}

func TestFillValues(t *testing.T) {
	for _, c := range []struct {
		t, want string
		ctx     map[string]any
		ok      bool
	}{
		{"a {n} b", "a 3 b", map[string]any{"n": 3.0}, true},
		{"{n}", "1.5", map[string]any{"n": 1.5}, true},
		{"{n}", "1796154502", map[string]any{"n": 1796154502.0}, true},
		{"{l}", "password, code", map[string]any{"l": []any{"password", "code"}}, true},
		{"{x} and {y}", "1 and ", map[string]any{"x": 1}, false},
		{"{obj}", "", map[string]any{"obj": map[string]any{}}, false},
		{"not {a name} {}", "not {a name} {}", nil, true},
		{"open {brace", "open {brace", nil, true},
	} {
		got, ok := fill(c.t, c.ctx)
		if got != c.want || ok != c.ok {
			t.Errorf("fill(%q) = %q, %v; want %q, %v", c.t, got, ok, c.want, c.ok)
		}
	}
}

func TestTextAndSplit(t *testing.T) {
	b := New()
	if got := b.Text("de", KeySignedInAs, "email", "anna@example.de"); got != "Angemeldet als anna@example.de" {
		t.Errorf("Text: %q", got)
	}
	if got := b.Text("fr", KeySignedInAs); got != "Connecté en tant que " {
		t.Errorf("Text without its value: %q", got)
	}
	before, after := b.Split("ja", KeyButtonSendCodeTo, "address")
	if before != "" || after != " にコードを送信" {
		t.Errorf("Split ja: %q, %q", before, after)
	}
	before, after = b.Split("es", KeyButtonSendCodeTo, "address")
	if before != "Enviar un código a " || after != "" {
		t.Errorf("Split es: %q, %q", before, after)
	}
	if before, after = b.Split("de", KeyButtonVerify, "address"); before != "Bestätigen" || after != "" {
		t.Errorf("Split without placeholder: %q, %q", before, after)
	}
	if got := b.Text("it", KeyLabelPassword); got != "Password" {
		t.Errorf("unknown language: %q, want English", got)
	}
	if got := b.Error("no_such_code", "de"); got != b.Error("internal", "de") {
		t.Errorf("unknown code: %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	b := New()
	for _, c := range []struct {
		tags []string
		want string
	}{
		{[]string{"de-AT"}, "de"},
		{[]string{"DE"}, "de"},
		{[]string{"pt-BR"}, "pt-BR"},
		{[]string{"pt"}, "pt-BR"},
		{[]string{"pt-PT"}, "pt-BR"},
		{[]string{"pt_br"}, "pt-BR"},
		{[]string{"ja-JP"}, "ja"},
		{[]string{"fr-CA"}, "fr"},
		{[]string{"es-419"}, "es"},
		{[]string{"it"}, "en"},
		{[]string{""}, "en"},
		{[]string{"not a tag"}, "en"},
		{nil, "en"},
		{[]string{"", "de"}, "de"},   // no lang attribute: the page's
		{[]string{"it", "fr"}, "fr"}, // the element's first when known
		{[]string{"ja", "de"}, "ja"},
		{[]string{"en-GB", "de"}, "en"},
	} {
		if got := b.Negotiate(c.tags...); got != c.want {
			t.Errorf("Negotiate(%q) = %q, want %q", c.tags, got, c.want)
		}
	}
}

func TestAddOverridesAndAddsLanguages(t *testing.T) {
	b := New()
	if err := b.Add("de", map[string]string{"label_password": "Kennwort", "4000006": "Falsch: {nope}", "4010008": "Code falsch."}); err != nil {
		t.Fatal(err)
	}
	if got := b.Text("de-CH", KeyLabelPassword); got != "Kennwort" {
		t.Errorf("override: %q", got)
	}
	if got := b.Text("de", KeyButtonSignIn); got != "Anmelden" {
		t.Errorf("the rest of the catalogue: %q", got)
	}
	if got := b.Format(Message{ID: 4010008, Text: "The login code is invalid…"}, "de"); got != "Code falsch." {
		t.Errorf("override by id: %q", got)
	}
	// An override whose placeholder Ory does not fill falls back to Ory.
	if got := b.Format(Message{ID: 4000006, Text: "Ory's text"}, "de"); got != "Ory's text" {
		t.Errorf("unfillable override: %q", got)
	}
	if err := b.Add("it", map[string]string{"label_password": "Password", "button_sign_in": "Accedi", "1010023": "Invia il codice a {address}"}); err != nil {
		t.Fatal(err)
	}
	if got := b.Negotiate("it-IT"); got != "it" {
		t.Errorf("a new language is negotiated: %q", got)
	}
	if got := b.Text("it", KeyButtonSignIn); got != "Accedi" {
		t.Errorf("new language: %q", got)
	}
	if got := b.Text("it", KeyButtonSignOut); got != "Sign out" {
		t.Errorf("new language falls back to English: %q", got)
	}
	if got := b.Format(Message{ID: 1010023, Text: "x", Context: map[string]any{"address": "a@b.it"}}, "it"); got != "Invia il codice a a@b.it" {
		t.Errorf("new language message: %q", got)
	}
	if got := b.Format(Message{ID: 4000006, Text: "Ory's text"}, "it"); got != "Ory's text" {
		t.Errorf("new language, id it lacks: %q", got)
	}
	if err := b.Add("PT-br", map[string]string{"button_back": "Retornar"}); err != nil || b.Text("pt-BR", KeyButtonBack) != "Retornar" {
		t.Errorf("tag in another case: %v %q", err, b.Text("pt-BR", KeyButtonBack))
	}
	if err := b.Add("de", map[string]string{"button_back": ""}); err != nil || b.Text("de", KeyButtonBack) != "Zurück" {
		t.Errorf("an empty text must not blank the catalogue: %v %q", err, b.Text("de", KeyButtonBack))
	}
	for _, bad := range []string{"", "  ", "de AT", "x", "toolongprimary"} {
		if err := b.Add(bad, map[string]string{"k": "v"}); err != ErrInvalid {
			t.Errorf("Add(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if err := b.Add("de", map[string]string{" ": "v"}); err != ErrInvalid {
		t.Errorf("empty key: %v", err)
	}
	if got := New().Text("de", KeyLabelPassword); got != "Passwort" {
		t.Errorf("another bundle sees the override: %q", got)
	}
	if err := b.Add("ca", map[string]string{"button_back": "Enrere"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"en", "de", "fr", "es", "pt-BR", "ja", "ca", "it"}
	if langs := b.Languages(); !slices.Equal(langs, want) {
		t.Errorf("Languages = %v, want %v", langs, want)
	}
}

// TestConcurrentUse: the first read of a catalogue and overrides may race
// in host programs (go test -race catches it).
func TestConcurrentUse(t *testing.T) {
	b := New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, lang := range []string{"de", "fr", "ja"} {
				if b.Text(lang, KeyLabelPassword) == "" {
					t.Error("empty text")
				}
				if i%2 == 0 {
					_ = b.Add(lang, map[string]string{"button_back": "x"})
				}
			}
		})
	}
	wg.Wait()
}

func TestRateLimited(t *testing.T) {
	b := New()
	if got := b.RateLimited(30, "de"); got != "Zu viele Versuche. Bitte versuchen Sie es in 30 s erneut." {
		t.Errorf("with seconds: %q", got)
	}
	if got := b.RateLimited(0, "ja"); got != b.Error("rate_limited", "ja") {
		t.Errorf("without seconds: %q", got)
	}
	for _, lang := range b.Languages() {
		s := b.RateLimited(5, lang)
		if !strings.Contains(s, "5") || strings.Contains(s, "{") || strings.Contains(s, "rate_limited") || strings.Contains(strings.ToLower(s), "orylogin") {
			t.Errorf("%s: %q", lang, s)
		}
	}
}

func TestLocalizeSaysTheLanguage(t *testing.T) {
	b := New()
	for _, c := range []struct {
		m            Message
		lang         string
		want, wantIn string
	}{
		{Message{ID: 4000006, Text: "The provided credentials are invalid…"}, "de-AT", "Die Zugangsdaten sind ungültig. Prüfen Sie die Schreibweise von Passwort, Benutzername, E-Mail-Adresse oder Telefonnummer.", "de"},
		{Message{ID: 1050001, Text: "Your changes have been saved!"}, "ja", "Your changes have been saved!", "en"},
		{Message{ID: 1010023, Text: "Send code to x"}, "fr", "Send code to x", "en"},
	} {
		got, in := b.Localize(c.m, c.lang)
		if got != c.want || in != c.wantIn {
			t.Errorf("Localize(%d, %s) = %q, %q; want %q, %q", c.m.ID, c.lang, got, in, c.want, c.wantIn)
		}
	}
}
