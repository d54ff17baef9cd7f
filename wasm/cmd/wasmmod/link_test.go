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

// jsonEntry matches a linker reachability line (-ldflags=-dumpdep prints
// "parent -> child" once for each function it keeps) whose child is one
// of encoding/json's ways in: what any JSON reading or writing through it
// would keep.
var jsonEntry = regexp.MustCompile(`(?m)^.* -> encoding/json\.(Marshal|MarshalIndent|Unmarshal|Valid|Compact|Indent|HTMLEscape|\(\*Decoder\)\.Decode|\(\*Encoder\)\.Encode)$`)

// TestCoreLinksNoEncodingJSON: orylogin.wasm, the module every page
// downloads, keeps none of encoding/json's functions (jsonwire reads and
// writes its JSON; encoding/json's Marshal alone is about 77 KB of
// brotli), while orylogin-offline.wasm, whose offline Ory uses
// encoding/json, keeps them: the check can fail.
func TestCoreLinksNoEncodingJSON(t *testing.T) {
	out := filepath.Join(".cache", "wasmmod-test-link")
	t.Cleanup(func() { os.RemoveAll(filepath.Join(repoRoot, out)); os.Remove(filepath.Join(repoRoot, out+".lock")) })
	mod, err := Write(repoRoot, out)
	if err != nil {
		t.Fatal(err)
	}
	reached := func(tags string) []string {
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
		return jsonEntry.FindAllString(string(b), -1)
	}
	if lines := reached(""); len(lines) > 0 {
		t.Errorf("orylogin.wasm keeps encoding/json:\n%s", strings.Join(lines, "\n"))
	}
	if lines := reached("orylogin_offline"); len(lines) == 0 {
		t.Error("orylogin-offline.wasm keeps no encoding/json function: the check above proves nothing")
	}
}
