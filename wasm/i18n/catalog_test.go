package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/machine"
)

// sameAsEnglish are texts a translation may keep as English has them:
// pure placeholders (Ory's reason, the identity schema's title) and "ID".
var sameAsEnglish = map[string]bool{"{title}": true, "{reason}": true, "ID": true}

// loginIDs are Ory's message ids a person can meet on a login (Kratos'
// text/id.go and text/message_*.go, v1.3.1 and v26.2.0): login info,
// node labels the login uses, validation of login fields, login and
// system errors.
var loginIDs = []int{
	1010001, 1010002, 1010003, 1010004, 1010005, 1010006, 1010007, 1010008, 1010009, 1010010,
	1010011, 1010012, 1010013, 1010014, 1010015, 1010016, 1010017, 1010018, 1010019, 1010021,
	1010022, 1010023,
	1070001, 1070002, 1070003, 1070004, 1070005, 1070006, 1070007, 1070008, 1070009, 1070013,
	1070014, 1070015, 1070017,
	4000001, 4000002, 4000003, 4000004, 4000006, 4000008, 4000009, 4000010, 4000011, 4000012,
	4000013, 4000014, 4000015, 4000016, 4000017, 4000035, 4000036, 4000037, 4000038, 4000041, 4000042,
	4010001, 4010002, 4010007, 4010008, 4010009, 4010010,
	5000001, 5000002,
	machine.MsgCodeFlowRestarted,
}

func catalogueOf(t *testing.T, lang string) map[string]string {
	t.Helper()
	src, ok := builtin[lang]
	if !ok {
		t.Fatalf("no shipped catalogue %q", lang)
	}
	cat := parse(*src)
	if len(cat) == 0 {
		t.Fatalf("catalogue %q is empty", lang)
	}
	return cat
}

func TestEnglishHasEveryKey(t *testing.T) {
	en := catalogueOf(t, English)
	var want []string
	for _, k := range Keys {
		want = append(want, string(k))
	}
	for _, c := range ErrorCodes {
		want = append(want, errorKey(c))
	}
	for _, id := range loginIDs {
		want = append(want, strconv.Itoa(id))
	}
	for _, r := range reasons {
		want = append(want, "4000001."+r)
	}
	for _, k := range want {
		if strings.TrimSpace(en[k]) == "" {
			t.Errorf("en.txt lacks %q", k)
		}
	}
}

func TestErrorCodesCoverTheMachine(t *testing.T) {
	for _, c := range machine.Codes {
		if !slices.Contains(ErrorCodes, string(c)) {
			t.Errorf("machine code %q has no sentence for people", c)
		}
	}
	for _, c := range ErrorCodes {
		if !slices.Contains(machine.Codes, machine.Code(c)) {
			t.Errorf("%q has a sentence but is no machine code", c)
		}
	}
}

// TestTranslationsAreComplete: every shipped language has exactly the
// keys of English, none left in English, with the same placeholders.
func TestTranslationsAreComplete(t *testing.T) {
	en := catalogueOf(t, English)
	for lang := range builtin {
		if lang == English {
			continue
		}
		cat := catalogueOf(t, lang)
		for k, ref := range en {
			v, ok := cat[k]
			switch {
			case !ok || strings.TrimSpace(v) == "":
				t.Errorf("%s lacks %q", lang, k)
				continue
			case v == ref && !sameAsEnglish[v]:
				t.Errorf("%s %q is still English: %q", lang, k, v)
			}
			got, want := placeholders(v), placeholders(ref)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s %q has placeholders %v, English has %v", lang, k, got, want)
			}
		}
		for k := range cat {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which English lacks", lang, k)
			}
		}
	}
}

// TestExpectedWords: the words people look for on a login form.
func TestExpectedWords(t *testing.T) {
	want := map[string]map[Key]string{
		"de":    {KeyLabelPassword: "Passwort", KeyButtonSignIn: "Anmelden", KeyLabelEmailCode: "Code", KeyButtonSignOut: "Abmelden", KeyButtonBack: "Zurück"},
		"fr":    {KeyLabelPassword: "Mot de passe", KeyButtonSignIn: "Se connecter", KeyLabelEmailCode: "Code", KeyButtonSignOut: "Se déconnecter"},
		"es":    {KeyLabelPassword: "Contraseña", KeyButtonSignIn: "Iniciar sesión", KeyLabelEmailCode: "Código", KeyButtonSignOut: "Cerrar sesión"},
		"pt-BR": {KeyLabelPassword: "Senha", KeyButtonSignIn: "Entrar", KeyLabelEmailCode: "Código", KeyButtonSignOut: "Sair"},
		"ja":    {KeyLabelPassword: "パスワード", KeyButtonSignIn: "ログイン", KeyLabelEmailCode: "コード", KeyButtonSignOut: "ログアウト"},
	}
	b := New()
	for lang, words := range want {
		for k, w := range words {
			if got := b.Text(lang, k); !strings.Contains(got, w) {
				t.Errorf("%s %s = %q, want it to contain %q", lang, k, got, w)
			}
		}
	}
	for lang, w := range map[string]string{"de": "Passwort", "fr": "Mot de passe", "es": "Contraseña", "pt-BR": "Senha", "ja": "パスワード"} {
		if got := b.Format(Message{ID: 1070001, Text: "Password"}, lang); got != w {
			t.Errorf("%s 1070001 = %q, want %q", lang, got, w)
		}
	}
}

// TestErrorSentencesAreForPeople: no "orylogin:", no code token, in any
// language.
func TestErrorSentencesAreForPeople(t *testing.T) {
	b := New()
	for _, lang := range b.Languages() {
		seen := map[string]string{}
		for _, code := range ErrorCodes {
			s := b.Error(code, lang)
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s %s: empty", lang, code)
			}
			if strings.Contains(strings.ToLower(s), "orylogin") {
				t.Errorf("%s %s: %q names orylogin", lang, code, s)
			}
			for _, token := range ErrorCodes {
				if regexp.MustCompile(`(?i)\b` + token + `\b`).MatchString(s) {
					t.Errorf("%s %s: %q holds the code token %q", lang, code, s, token)
				}
			}
			if other, dup := seen[s]; dup {
				t.Errorf("%s: %s and %s share the sentence %q", lang, code, other, s)
			}
			seen[s] = code
		}
	}
}

// idPattern finds Ory message ids in the project's own offline Ory and
// recorded answers.
var idPattern = regexp.MustCompile(`(?:message\{|"id": ?)([1-9][0-9]{6})\b`)

// TestCoversWhatTheProjectSees: every message id the offline Ory emits or
// the recorded Kratos answers carry has a text in every language.
func TestCoversWhatTheProjectSees(t *testing.T) {
	dir, err := testkit.TranscriptDir()
	if err != nil {
		t.Fatal(err)
	}
	transcripts, err := filepath.Glob(filepath.Join(dir, "*", "*.json")) // every Kratos release's recorded answers
	if err != nil || len(transcripts) == 0 {
		t.Fatalf("no transcripts in %s: %v", dir, err)
	}
	files := append([]string{"../offline/messages.go"}, transcripts...)
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range idPattern.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) < 10 {
		t.Fatalf("found only %d ids in %v: the pattern no longer matches", len(seen), files)
	}
	for lang := range builtin {
		cat := catalogueOf(t, lang)
		for id := range seen {
			if cat[id] == "" {
				t.Errorf("%s lacks Ory message %s, which the project meets", lang, id)
			}
		}
	}
}
