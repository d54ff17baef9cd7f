package testkit

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/secret"
	"github.com/orylogin/orylogin/wasm/transport/replay"
)

// TestTranscriptsLoad: every transcript of every release loads, starts
// with a flow creation and holds no unscrubbed session token; v1.3.1's
// two happy paths are there.
func TestTranscriptsLoad(t *testing.T) {
	versions := TranscriptVersions(t)
	if !slices.Contains(versions, V131) {
		t.Fatalf("versions %v lack %s", versions, V131)
	}
	for _, name := range []string{"api-happy", "browser-happy"} {
		if !slices.Contains(TranscriptNames(t, V131), name) {
			t.Errorf("TranscriptNames(%s) lacks %s", V131, name)
		}
		if xs := Transcript(t, V131, name); !strings.HasPrefix(xs[0].Request.URL, "/self-service/login/") {
			t.Errorf("%s starts with %s %s", name, xs[0].Request.Method, xs[0].Request.URL)
		}
	}
	dir, err := TranscriptDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		entries, err := os.ReadDir(dir + "/" + v)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), ".json")
			if !ok || !(strings.HasPrefix(name, "api-") || strings.HasPrefix(name, "browser-")) {
				t.Errorf("%s/%s: want <kind>-<scenario>.json", v, e.Name())
				continue
			}
			for i, x := range Transcript(t, v, name) {
				for h, val := range x.Request.Header {
					if p, ok := HeaderPlaceholder(h, val); ok && val != p {
						t.Errorf("%s/%s exchange %d: header %s is not scrubbed", v, name, i, h)
					}
				}
				for _, body := range []json.RawMessage{x.Request.Body, x.Response.Body} {
					for _, where := range unscrubbed(t, body) {
						t.Errorf("%s/%s exchange %d: %s holds a secret", v, name, i, where)
					}
				}
			}
		}
	}
}

// unscrubbed returns where the JSON body holds a secret key's value (or a
// node value named like one) that is not its placeholder.
func unscrubbed(t *testing.T, body json.RawMessage) []string {
	if len(body) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			name, _ := x["name"].(string)
			for k, val := range x {
				key := k
				if k == "value" && name != "" {
					key = name
				}
				if s, isString := val.(string); isString && s != "" {
					if !Scrubbed(key, s) {
						out = append(out, path+"."+k)
					}
				}
				walk(val, path+"."+k)
			}
		case []any:
			for i, val := range x {
				walk(val, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(v, "")
	return out
}

// TestPlaceholders: every secret key has a placeholder, the recorded ones
// keep theirs, and headers keep their auth scheme.
func TestPlaceholders(t *testing.T) {
	for _, k := range secret.Keys() {
		if p, ok := Placeholder(k); !ok || p == "" {
			t.Errorf("Placeholder(%q) = %q, %v", k, p, ok)
		}
	}
	if p, _ := Placeholder("password"); p != replay.PlaceholderPassword {
		t.Errorf("password -> %q", p)
	}
	if _, ok := Placeholder("identifier"); ok {
		t.Error("identifier has a placeholder")
	}
	if p, _ := HeaderPlaceholder("Authorization", "Bearer ory_st_abc"); p != "Bearer "+replay.PlaceholderSessionToken {
		t.Errorf("Authorization -> %q", p)
	}
	if _, ok := HeaderPlaceholder("Accept", "application/json"); ok {
		t.Error("Accept has a placeholder")
	}
	leaky := `{"password":"hunter2","identifier":"a@b.c","ui":{"nodes":[{"attributes":{"name":"csrf_token","value":"abc"}}]}}`
	if got := unscrubbed(t, json.RawMessage(leaky)); len(got) != 2 {
		t.Errorf("unscrubbed found %v in %s, want the password and the csrf node's value", got, leaky)
	}
}

// TestTranscriptPathRefusesOtherPlaces: a name or version with a path
// separator cannot point outside the transcripts' directory.
func TestTranscriptPathRefusesOtherPlaces(t *testing.T) {
	for _, c := range [][2]string{{"v1.3.1", "../x"}, {"../v1", "api-happy"}, {"1.3.1", "api-happy"}, {"v1.3.1", ""}} {
		if _, err := TranscriptPath(c[0], c[1]); err == nil {
			t.Errorf("TranscriptPath(%q, %q) accepted", c[0], c[1])
		}
	}
	p, err := TranscriptPath("v26.2.0", "api-happy")
	if err != nil || !strings.HasSuffix(p, "wasm/internal/testkit/testdata/v26.2.0/api-happy.json") {
		t.Fatalf("TranscriptPath = %q, %v", p, err)
	}
}

// TestUnchanged: equal values pass; a changed nested field fails.
func TestUnchanged(t *testing.T) {
	type state struct {
		Step      string
		Addresses []string
	}
	Unchanged(t, "same", state{"password", []string{"a"}}, state{"password", []string{"a"}})
	ft := &fakeT{TB: t}
	Unchanged(ft, "changed", state{"password", []string{"a"}}, state{"password", []string{"b"}})
	if !ft.failed || !strings.Contains(ft.msg, "changed failed but changed the state") {
		t.Fatalf("a changed state passed: %+v", ft)
	}
}

// fakeT records a Fatalf instead of ending the test.
type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}
