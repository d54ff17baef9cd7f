//go:build js && wasm

package bridge

import (
	"strings"
	"testing"
)

// TestI18nAPI: formatMessage renders a State's Message by id and context in
// the language asked for and falls back to Ory's text for an id no
// catalogue has; formatError gives people a sentence without the code;
// negotiateLanguage maps tags; addMessages overrides and adds languages;
// bad arguments throw invalid_argument.
func TestI18nAPI(t *testing.T) {
	fm := prop(t, testAPI, "formatMessage")
	wrongPW := js(t, `return {id: 4000006, type: "error", text: "The provided credentials are invalid."};`)
	if got := jsString(js(t, `return a(b, "de-AT");`, fm, wrongPW)); !strings.Contains(got, "Zugangsdaten") {
		t.Errorf("4000006 in German = %q", got)
	}
	unknown := js(t, `return {id: 4999999, type: "error", text: "Ory's own words"};`)
	if got := jsString(js(t, `return a(b, "fr");`, fm, unknown)); got != "Ory's own words" {
		t.Errorf("an unknown id = %q, want Ory's text", got)
	}
	sent := js(t, `return {id: 1010014, type: "info", text: "A code was sent", context: {address: "a@example.com"}};`)
	if got := jsString(js(t, `return a(b, "ja");`, fm, sent)); got == "A code was sent" || got == "" {
		t.Errorf("1010014 in Japanese = %q", got)
	}

	fe := prop(t, testAPI, "formatError")
	for _, lang := range []string{"en", "de", "fr", "es", "pt-BR", "ja"} {
		got := jsString(js(t, `return a("network", b);`, fe, lang))
		if got == "" || strings.Contains(got, "orylogin") || strings.Contains(got, "network") {
			t.Errorf("formatError(network, %s) = %q", lang, got)
		}
	}
	e := js(t, `return new a.OryLoginError("orylogin: rate_limited (HTTP 429): Ory asks to slow down", {code: "rate_limited", retryAfter: 30});`, testAPI)
	if got := jsString(js(t, `return a(b, "en");`, fe, e)); !strings.Contains(got, "30") || strings.Contains(got, "orylogin") {
		t.Errorf("formatError(rate_limited, 30 s) = %q", got)
	}

	if got := jsString(js(t, `return a.negotiateLanguage("pt", "de");`, testAPI)); got != "pt-BR" {
		t.Errorf(`negotiateLanguage("pt") = %q`, got)
	}
	js(t, `a.addMessages("de", {"4000006": "Falsches Passwort."}); a.addMessages("nl", {"4000006": "Onjuist wachtwoord."});`, testAPI)
	if got := jsString(js(t, `return a(b, "de");`, fm, wrongPW)); got != "Falsches Passwort." {
		t.Errorf("overridden 4000006 = %q", got)
	}
	if got := jsString(js(t, `return a(b, "nl-NL");`, fm, wrongPW)); got != "Onjuist wachtwoord." {
		t.Errorf("added language = %q", got)
	}
	if got := jsonOf(t, prop(t, testAPI, "languages")); !strings.Contains(got, `"nl"`) || !strings.Contains(got, `"ja"`) {
		t.Errorf("languages = %s", got)
	}

	am := prop(t, testAPI, "addMessages")
	for _, args := range []string{`[]`, `[""]`, `["de"]`, `["de", 5]`, `["de", {"4000006": 5}]`, `["de", {"4000006": ""}]`,
		`["x".repeat(99), {}]`, `["de", {["k".repeat(99)]: "t"}]`} {
		code := js(t, `try { a(...b); return "no throw"; } catch (e) { return e instanceof c ? e.code : String(e); }`,
			am, js(t, "return "+args+";"), prop(t, testAPI, "OryLoginError"))
		if got := jsString(code); got != "invalid_argument" {
			t.Errorf("addMessages(%s): %s", args, got)
		}
	}
}
