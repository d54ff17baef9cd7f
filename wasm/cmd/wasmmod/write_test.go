//go:build !js

package main

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repoRoot is the module root, two folders above this package's parent.
const repoRoot = "../../.."

// TestWriteLeavesOutNetHTTP: the copy has client-go's models but no file
// that imports net/http, encoding/json or fmt, the go.mod replaces
// client-go by it, a second call keeps what the first wrote, and the wasm
// built with it links none of net/http, crypto/tls, encoding/json, fmt and
// os, while the plain go.mod would.
func TestWriteLeavesOutNetHTTP(t *testing.T) {
	out := filepath.Join(".cache", "wasmmod-test-"+strings.ReplaceAll(t.Name(), "/", "_"))
	t.Cleanup(func() { os.RemoveAll(filepath.Join(repoRoot, out)); os.Remove(filepath.Join(repoRoot, out+".lock")) })
	mod, err := Write(repoRoot, out)
	if err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(repoRoot, out, "client-go")
	files, err := filepath.Glob(filepath.Join(copyDir, "*.go"))
	if err != nil || len(files) < 100 {
		t.Fatalf("copy has %d Go files (%v); want client-go's models", len(files), err)
	}
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f, err := parser.ParseFile(token.NewFileSet(), name, b, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"net/http", "encoding/json", "fmt"} {
			if importName(f, p) != "" {
				t.Errorf("%s imports %s", filepath.Base(name), p)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(copyDir, "model_login_flow.go")); err != nil {
		t.Errorf("the LoginFlow model is missing from the copy: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(copyDir, "model_update_login_flow_with_password_method.go")); !strings.Contains(string(b), ") ToMap() (map[string]interface{}, error) {") {
		t.Error("the password method's model lost its ToMap, which wasm/ory writes request bodies from")
	}
	gomod, _ := os.ReadFile(filepath.Join(repoRoot, mod))
	if !strings.Contains(string(gomod), "replace "+Module+" => ./"+filepath.ToSlash(out)+"/client-go") {
		t.Fatalf("go.mod has no replace of client-go:\n%s", gomod)
	}

	stamp := filepath.Join(repoRoot, out, "stamp")
	before, _ := os.Stat(stamp)
	time.Sleep(10 * time.Millisecond)
	if _, err := Write(repoRoot, out); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(stamp); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a second Write with nothing changed rewrote the copy")
	}

	deps := func(args ...string) string {
		cmd := exec.Command("go", append(append([]string{"list"}, args...), "-deps", "./wasm/cmd/orylogin")...)
		cmd.Dir, cmd.Env = repoRoot, append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, b)
		}
		return "\n" + string(b)
	}
	trimmed, plain := deps("-modfile="+mod), deps()
	for _, pkg := range []string{"net/http", "crypto/tls", "encoding/json", "fmt", "os"} {
		if strings.Contains(trimmed, "\n"+pkg+"\n") {
			t.Errorf("orylogin.wasm built with %s links %s", mod, pkg)
		}
		if !strings.Contains(plain, "\n"+pkg+"\n") {
			t.Errorf("the plain build no longer links %s: wasmmod may not be needed any more", pkg)
		}
	}
}

// TestWithoutJSONMethods: the functions that use encoding/json or fmt go
// with their doc comments, the rest stays as it was, and an import that
// only they used goes too, in a parenthesised import or a single one.
func TestWithoutJSONMethods(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`package m

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// T is kept.
type T struct{ At time.Time }

// MarshalJSON goes.
func (t T) MarshalJSON() ([]byte, error) { return json.Marshal(strings.ToUpper("x")) }

// ToMap stays.
func (t T) ToMap() map[string]any { return map[string]any{"at": t.At} }

func bad() error { return fmt.Errorf("x") }
`, `package m

import (
	"time"
)

// T is kept.
type T struct{ At time.Time }

// ToMap stays.
func (t T) ToMap() map[string]any { return map[string]any{"at": t.At} }
`},
		{"package m\n\nimport \"fmt\"\n\nfunc f() { fmt.Println() }\n\nfunc g() {}\n", "package m\n\nfunc g() {}\n"},
		{"package m\n\nimport \"time\"\n\nvar d = time.Second\n", "package m\n\nimport \"time\"\n\nvar d = time.Second\n"},
	} {
		got, err := withoutJSONMethods("m.go", []byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("withoutJSONMethods(%q)\n= %q\nwant %q", c.in, got, c.want)
		}
	}
}
