//go:build !js

package i18n

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsStandardLibraryOnly keeps the package small and usable from
// the host, the machine's tests and the wasm: no syscall/js, no network,
// nothing outside the standard library.
// The wasm build's own files are checked by TestNoJSImport.
func TestImportsStandardLibraryOnly(t *testing.T) {
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}|{{.ImportPath}}", ".")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", env, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) < 5 {
			t.Fatalf("go list %v listed only %v", env, lines)
		}
		for _, l := range lines {
			nonStd, path, _ := strings.Cut(l, "|")
			if nonStd != "" && nonStd != "github.com/orylogin/orylogin/wasm/i18n" {
				t.Errorf("%v: depends on %s, outside the standard library", env, nonStd)
			}
			// On js/wasm the standard library's os and time use syscall/js
			// themselves; the package must not, so only the host is asked.
			if path == "syscall/js" && env == nil || path == "net" || strings.HasPrefix(path, "net/") {
				t.Errorf("%v: depends on %s", env, path)
			}
		}
	}
}

// TestNoJSImport: no file of the package, js/wasm ones included, imports
// syscall/js or its wrappers (on js/wasm the standard library brings
// syscall/js in on its own, so the list of all dependencies cannot tell).
func TestNoJSImport(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	imports := strings.Fields(string(out))
	if len(imports) < 3 {
		t.Fatalf("go list listed only %v", imports)
	}
	for _, i := range imports {
		if i == "syscall/js" || strings.HasSuffix(i, "/internal/jsx") || strings.Contains(i, "go/js/dom") {
			t.Errorf("the package imports %s", i)
		}
	}
}
