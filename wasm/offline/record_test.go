//go:build !js

package offline

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

var record = flag.Bool("record", false, "record real Kratos happy-path transcripts into wasm/internal/testkit/testdata/<version>/ (go test ./wasm/offline/ -run TestRecord -args -record)")

// transcriptBase is the public base URL recorded transcripts use in place
// of the recording Kratos's (it is the protocol notes' PUBLIC).
const transcriptBase = "http://127.0.0.1:4433"

// transcriptEmail stands for the recording run's unique identity.
const transcriptEmail = "alice@example.com"

// Request and response headers kept in transcripts.
var (
	transcriptRequestHeaders  = []string{"Accept", "Content-Type", "X-Session-Token", "Authorization", "Origin"}
	transcriptResponseHeaders = []string{"content-type", "location", "set-cookie", "x-kratos-authenticated-identity-id"}
)

// TestRecord runs the happy path against real Kratos for each flow kind
// and renders it as a transcript. With -record it writes
// wasm/internal/testkit/testdata/<version>/<kind>-happy.json for the
// release that ran (KRATOS_BIN picks it); without, it checks that the
// committed transcript still has the same exchanges (method, path, status),
// so a stale transcript fails the suite.
func TestRecord(t *testing.T) {
	happy := scenarios[0]
	for _, kind := range []string{"api", "browser"} {
		t.Run(kind, func(t *testing.T) {
			c := configs[happy.config]
			u := newUsers()
			d := newDriver(t, kratosBackend(t, c, u), kind)
			happy.run(d, u)
			xs := transcript(d, u)
			version := c.kratos.Server(t).Version
			path, err := testkit.TranscriptPath(version, kind+"-happy")
			if err != nil {
				t.Fatal(err)
			}
			if *record {
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
				return
			}
			committed, err := replay.Load(path)
			if err != nil {
				t.Fatalf("%v (record it with: KRATOS_BIN=<kratos %s> go test ./wasm/offline/ -run TestRecord -args -record)", err, version)
			}
			if got, want := outline(xs), outline(committed); got != want {
				t.Errorf("%s is stale (re-record with -record):\n%s", path, lineDiff(want, got))
			}
			for _, secret := range []string{u.alicePass, d.token} {
				if secret != "" && bytes.Contains(mustJSON(committed), []byte(secret)) {
					t.Errorf("%s holds a secret", path)
				}
			}
		})
	}
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

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// transcript renders a driver's exchanges with secrets replaced by the
// Placeholder constants, the base URL by transcriptBase and the identity's
// email by transcriptEmail.
func transcript(d *driver, u users) []replay.Exchange {
	text := func(s string) string {
		s = strings.ReplaceAll(s, d.b.base, transcriptBase)
		s = strings.ReplaceAll(s, u.alice, transcriptEmail)
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
				if p, secret := testkit.HeaderPlaceholder(h, v); secret {
					v = p
				}
				x.Request.Header[h] = text(v)
			}
		}
		x.Request.Body = scrubBody(st.req.Body, text)
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
		x.Response.Body = scrubBody(st.res.Body, text)
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

// scrubBody replaces secrets in a JSON body: the value of every secret key
// (wasm/internal/secret: password, code, csrf_token, session and logout
// tokens, …) and of every UI node named like one, by its placeholder
// (testkit.Placeholder); text does the rest. A body that is not JSON is
// kept as a JSON string.
func scrubBody(b []byte, text func(string) string) json.RawMessage {
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
			if name, _ := x["name"].(string); name != "" {
				if s, ok := x["value"].(string); ok && s != "" {
					if p, secret := testkit.Placeholder(name); secret {
						x["value"] = p
					}
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
			if p, secret := testkit.Placeholder(key); secret && x != "" {
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
