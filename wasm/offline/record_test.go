//go:build !js

package offline

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

var record = flag.Bool("record", false, "record real Kratos transcripts into wasm/internal/testkit/testdata/<version>/ (go test ./wasm/offline/ -run TestRecord -args -record; KRATOS_BIN picks the release)")

// recordings are the scenarios whose real Kratos exchanges are kept as
// transcripts, per release and flow kind: the happy paths (on v26 with the
// auto-send at aal2 flow creation), resend, the attempt limit, both
// expiries, highest_available, identifier-first and the passwordless code.
// TestRecordedConformance holds each offline dialect to them in every run,
// no Kratos needed.
var recordings = []string{
	"happy path to aal2",
	"resend",
	"five attempts",
	"expired aal1 flow",
	"expired aal2 flow",
	"whoami highest_available",
	"identifier first",
	"passwordless code",
}

// transcriptPath is where the transcript of one recording lives, in the
// test kit's folder of its release: <kind>-happy for the happy path (the
// adapter's and the machine's replay tests read those), else
// <kind>-<scenario>.
func transcriptPath(k Kratos, scenario, kind string) string {
	name := kind + "-" + strings.ReplaceAll(scenario, " ", "-")
	if scenario == recordings[0] {
		name = kind + "-happy"
	}
	p, err := testkit.TranscriptPath(string(k), name)
	if err != nil {
		panic(err) // the names above are always valid
	}
	return p
}

// scenarioNamed finds a scenario of the conformance suite.
func scenarioNamed(t testing.TB, name string) scenario {
	for _, sc := range scenarios {
		if sc.name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %q", name)
	return scenario{}
}

// transcriptBase is the public base URL recorded transcripts use in place
// of the recording Kratos's (it is the protocol notes' PUBLIC).
const transcriptBase = "http://127.0.0.1:4433"

// transcriptEmail stands for the recording run's unique identity.
const transcriptEmail = "alice@example.com"

// Request and response headers kept in transcripts.
var (
	transcriptRequestHeaders  = []string{"Accept", "Content-Type", "X-Session-Token", "Authorization", "Origin"}
	transcriptResponseHeaders = comparedHeaders
)

// TestRecord runs the recordings against the live Kratos (its release
// picks the testdata directory) and renders them as transcripts. With
// -record it writes them; without, it checks that the committed ones still
// have the same exchanges (method, path, status) and hold no secret, so a
// stale transcript fails the suite.
func TestRecord(t *testing.T) {
	for _, name := range recordings {
		sc := scenarioNamed(t, name)
		for _, kind := range sc.kinds {
			t.Run(name+"/"+kind, func(t *testing.T) {
				c := configs[sc.config]
				u := newUsers()
				d := newDriver(t, kratosBackend(t, c, u), kind)
				sc.run(d, u)
				xs := transcript(d, u)
				path := transcriptPath(dialectOf(t, c), name, kind)
				if *record {
					writeTranscript(t, path, xs)
					return
				}
				committed, err := replay.Load(path)
				if err != nil {
					t.Fatalf("%v (record it with: go test -run TestRecord -record ./wasm/offline/, with this Kratos)", err)
				}
				if got, want := outline(xs), outline(committed); got != want {
					t.Errorf("%s is stale (re-record with -record):\n%s", path, lineDiff(want, got))
				}
				secrets := append([]string{u.alicePass, u.alicePass + "x", d.token}, d.b.codes(u.alice)...)
				secrets = append(secrets, d.b.backupCodes...)
				for _, secret := range secrets {
					if secret != "" && bytes.Contains(mustJSON(committed), []byte(secret)) {
						t.Errorf("%s holds a secret", path)
					}
				}
			})
		}
	}
}

// TestRecordedConformance runs each recording on the offline Ory in each
// dialect and compares every exchange with the committed transcript of
// that release: v26 stays covered where no v26 binary is present.
func TestRecordedConformance(t *testing.T) {
	for _, dialect := range []Kratos{KratosV1_3_1, KratosV26_2_0} {
		for _, name := range recordings {
			sc := scenarioNamed(t, name)
			for _, kind := range sc.kinds {
				t.Run(string(dialect)+"/"+name+"/"+kind, func(t *testing.T) {
					path := transcriptPath(dialect, name, kind)
					recorded, err := replay.Load(path)
					if err != nil {
						t.Fatalf("%v (record it with: go test -run TestRecord -record ./wasm/offline/, with Kratos %s)", err, dialect)
					}
					u := newUsers()
					ob, _ := offlineBackend(configs[sc.config], u, dialect)
					d := newDriver(t, ob, kind)
					sc.run(d, u)
					got := transcript(d, u)
					if g, w := outline(got), outline(recorded); g != w {
						t.Fatalf("offline %s made other exchanges than %s:\n--- recorded +++ offline\n%s", dialect, path, lineDiff(w, g))
					}
					ws, gs := newScrubber(transcriptBase), newScrubber(transcriptBase)
					for i := range recorded {
						wn, gn := ws.normalize(recordedResponse(recorded[i])), gs.normalize(recordedResponse(got[i]))
						if wn != gn {
							t.Errorf("step %d %q: %s %s\n--- recorded %s +++ offline\n%s", i+1, d.steps[i].label, got[i].Request.Method, got[i].Request.URL, dialect, lineDiff(wn, gn))
						}
					}
				})
			}
		}
	}
}

// recordedResponse is the answer of a transcript's exchange.
func recordedResponse(x replay.Exchange) *transport.Response {
	return &transport.Response{Status: x.Response.Status, Header: x.Response.Header, Body: []byte(x.Response.Body)}
}

// writeTranscript writes xs as indented JSON to path.
func writeTranscript(t *testing.T, path string, xs []replay.Exchange) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(xs); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d exchanges)", path, len(xs))
}

// outline is a transcript's exchanges as "METHOD path -> status" lines,
// with flow ids and tokens in the path scrubbed.
func outline(xs []replay.Exchange) string {
	var b strings.Builder
	for _, x := range xs {
		u := reUUID.ReplaceAllString(x.Request.URL, "<id>")
		u = reLO.ReplaceAllString(u, "<logout-token>")
		b.WriteString(x.Request.Method + " " + u + " -> " + itoa(x.Response.Status) + "\n")
	}
	return b.String()
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// isWrongCode reports whether c is one of wrongCode's answers.
func isWrongCode(c string) bool { return c == "111111" || c == "222222" }

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// transcript renders a driver's exchanges with secrets replaced by the
// Placeholder constants, the base URL by transcriptBase and the identity's
// email by transcriptEmail. Codes mailed to the identity become
// placeholders by mail: the newest replay.PlaceholderCode (000000), the
// earlier ones 000001, 000002… in the order they were mailed, so a
// transcript still tells an old code from the new one; wrong codes
// (wrongCode) are no secret and stay.
func transcript(d *driver, u users) []replay.Exchange {
	codes := map[string]string{}
	mailed := d.b.codes(u.alice)
	for i, c := range mailed {
		if i == len(mailed)-1 {
			codes[c] = replay.PlaceholderCode
		} else {
			codes[c] = fmt.Sprintf("%06d", i+1)
		}
	}
	text := func(s string) string {
		s = strings.ReplaceAll(s, d.b.base, transcriptBase)
		s = strings.ReplaceAll(s, u.alice, transcriptEmail)
		s = strings.ReplaceAll(s, u.phone, transcriptPhone)
		s = strings.ReplaceAll(s, csrfCookieName(d.b.base), csrfCookieName(transcriptBase))
		s = reST.ReplaceAllString(s, replay.PlaceholderSessionToken)
		s = reLO.ReplaceAllString(s, replay.PlaceholderLogoutToken)
		return s
	}
	var xs []replay.Exchange
	for _, st := range d.steps {
		var x replay.Exchange
		x.Request.Method = st.req.Method
		x.Request.URL = text(strings.TrimPrefix(st.req.URL, d.b.base))
		x.Request.Credentials = string(st.req.Credentials)
		for _, h := range transcriptRequestHeaders {
			if v, ok := st.req.Header[h]; ok {
				if x.Request.Header == nil {
					x.Request.Header = map[string]string{}
				}
				x.Request.Header[h] = text(v)
			}
		}
		x.Request.Body = scrubBody(st.req.Body, text, codes)
		x.Response.Status = st.res.Status
		for _, h := range transcriptResponseHeaders {
			v, ok := st.res.Header[h]
			if !ok {
				continue
			}
			if h == "set-cookie" {
				v = scrubCookieValues(v)
			}
			if x.Response.Header == nil {
				x.Response.Header = map[string]string{}
			}
			x.Response.Header[h] = text(v)
		}
		x.Response.Body = scrubBody(st.res.Body, text, codes)
		xs = append(xs, x)
	}
	return xs
}

// scrubCookieValues replaces every Set-Cookie value by replay.PlaceholderCookie.
func scrubCookieValues(h string) string {
	parts := strings.Split(reCookieSep.ReplaceAllString(h, "\n$1"), "\n")
	for i, p := range parts {
		first, rest, _ := strings.Cut(p, ";")
		name, value, _ := strings.Cut(first, "=")
		if value != "" {
			value = replay.PlaceholderCookie
		}
		parts[i] = name + "=" + value
		if rest != "" {
			parts[i] += ";" + rest
		}
	}
	return strings.Join(parts, ", ")
}

// scrubBody replaces secrets in a JSON body: password, the mailed codes
// (by codes; any other code field that looks like a code becomes
// replay.PlaceholderCode), csrf_token (fields and the csrf_token node's
// value) and session tokens; text does the rest. A body that is not JSON
// is kept as a JSON string.
func scrubBody(b []byte, text func(string) string, codes map[string]string) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		s, _ := json.Marshal(text(string(b)))
		return s
	}
	var walk func(v any, key string) any
	walk = func(v any, key string) any {
		switch x := v.(type) {
		case map[string]any:
			if x["name"] == "csrf_token" {
				if s, ok := x["value"].(string); ok && s != "" {
					x["value"] = replay.PlaceholderCSRF
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				x[k] = walk(x[k], k)
			}
			return x
		case []any:
			for i := range x {
				x[i] = walk(x[i], key)
			}
			return x
		case string:
			switch key {
			case "password":
				return replay.PlaceholderPassword
			case "code":
				if p, ok := codes[x]; ok {
					return p
				}
				if isWrongCode(x) {
					return x
				}
				return replay.PlaceholderCode
			case "csrf_token":
				if x != "" {
					return replay.PlaceholderCSRF
				}
			case "totp_code", "lookup_secret":
				// Right or wrong, the test kit's placeholder: the flow's
				// messages tell the two apart.
				p, _ := testkit.Placeholder(key)
				return p
			}
			return text(x)
		}
		return v
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(walk(v, ""))
	return bytes.TrimSpace(out.Bytes())
}
