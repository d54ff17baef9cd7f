//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// entries match linker reachability lines (-ldflags=-dumpdep prints
// "parent -> child" once for each function it keeps) whose child is one
// of a package's ways in: what any use of it would keep.
var entries = []struct {
	pkg, why string
	re       *regexp.Regexp
}{
	{"encoding/json", "jsonwire reads and writes its JSON; encoding/json's Marshal alone is about 77 KB of brotli",
		regexp.MustCompile(`(?m)^.* -> encoding/json\.(Marshal|MarshalIndent|Unmarshal|Valid|Compact|Indent|HTMLEscape|\(\*Decoder\)\.Decode|\(\*Encoder\)\.Encode)$`)},
	{"fmt", "wasm/internal/jsx wraps syscall/js without it; fmt and the reflect it needs were about 60 KB of brotli",
		regexp.MustCompile(`(?m)^.* -> fmt\.(Errorf|Sprintf|Sprint|Sprintln|Fprintf|Fprint|Fprintln|Printf|Print|Println|Append|Appendf|Appendln|Sscanf|Sscan|Fscan|Fscanf)$`)},
}

// TestCoreLinksNeitherEncodingJSONNorFmt: orylogin.wasm, the module every
// page downloads, keeps none of encoding/json's functions and none of
// fmt's, while orylogin-offline.wasm, whose offline Ory uses both, keeps
// them: the check can fail.
func TestCoreLinksNeitherEncodingJSONNorFmt(t *testing.T) {
	out := filepath.Join(".cache", "wasmmod-test-link")
	t.Cleanup(func() { os.RemoveAll(filepath.Join(repoRoot, out)); os.Remove(filepath.Join(repoRoot, out+".lock")) })
	mod, err := Write(repoRoot, out)
	if err != nil {
		t.Fatal(err)
	}
	reached := func(tags string) string {
		cmd := exec.Command("go", "build", "-modfile="+mod, "-tags="+tags, "-ldflags=-dumpdep",
			"-o", filepath.Join(t.TempDir(), "x.wasm"), "./wasm/cmd/orylogin")
		cmd.Dir, cmd.Env = repoRoot, append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go build -tags=%q: %v\n%.2000s", tags, err, b)
		}
		if !strings.Contains(string(b), " -> main.main") {
			t.Fatalf("go build -tags=%q printed no reachability lines:\n%.2000s", tags, b)
		}
		return string(b)
	}
	core, offline := reached(""), reached("orylogin_offline")
	for _, e := range entries {
		if lines := e.re.FindAllString(core, -1); len(lines) > 0 {
			t.Errorf("orylogin.wasm keeps %s (%s):\n%s", e.pkg, e.why, strings.Join(lines, "\n"))
		}
		if !e.re.MatchString(offline) {
			t.Errorf("orylogin-offline.wasm keeps no %s function: the check above proves nothing", e.pkg)
		}
	}
}
