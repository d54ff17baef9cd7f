// Package buildtags_test checks that Go code which can only run under
// js/wasm says so: every .go file in the repository that imports
// syscall/js, wasm/internal/jsx or honnef.co/go/js/dom, and every .go file
// in the wasm-only packages, carries a //go:build constraint that implies
// js && wasm. Without it `go vet ./...` and host tests would try to build
// it for the host.
package buildtags_test

import (
	"errors"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// wasmOnlyDirs are packages that exist only for js/wasm, relative to the
// module root.
var wasmOnlyDirs = []string{"wasm/bridge", "wasm/transport/fetch", "wasm/cmd/orylogin", "wasm/widget", "wasm/internal/jsx", "wasm/internal/jstest"}

// jsImports are import paths (and their subpackages) that exist only for
// js/wasm.
var jsImports = []string{"syscall/js", "github.com/orylogin/orylogin/wasm/internal/jsx", "honnef.co/go/js/dom"}

func TestWasmOnlyFilesCarryTheBuildTag(t *testing.T) {
	root := moduleRoot(t)
	checked, problems, err := check(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// Guard against a vacuous pass: the wasm-only packages must exist and
	// have been looked at.
	for _, dir := range wasmOnlyDirs {
		n := 0
		for _, f := range checked {
			if filepath.Dir(f) == filepath.FromSlash(dir) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no .go files checked in %s", dir)
		}
	}
}

// TestCheckerFindsProblems runs the checker on a made-up module.
func TestCheckerFindsProblems(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                       "module example.com/m\n",
		"wasm/bridge/ok.go":            "//go:build js && wasm\n\npackage bridge\n\nimport \"syscall/js\"\n\nvar _ = js.Global\n",
		"wasm/bridge/untagged.go":      "package bridge\n",
		"wasm/transport/fetch/f.go":    "//go:build wasm\n\npackage fetch\n",
		"wasm/cmd/orylogin/main.go":    "//go:build js && wasm && !purego\n\npackage main\n",
		"other/uses_js.go":             "package other\n\nimport _ \"syscall/js\"\n",
		"other/uses_jsx.go":            "//go:build js || wasm\n\npackage other\n\nimport _ \"github.com/orylogin/orylogin/wasm/internal/jsx\"\n",
		"other/uses_dom.go":            "//go:build !js\n\npackage other\n\nimport _ \"honnef.co/go/js/dom/v2\"\n",
		"other/fine.go":                "package other\n\nimport _ \"fmt\"\n",
		"other/tagged_dom.go":          "//go:build wasm && js\n\npackage other\n\nimport _ \"honnef.co/go/js/dom/v2\"\n",
		"other/or_tagged.go":           "//go:build (js && wasm) || (js && wasm && x)\n\npackage other\n\nimport _ \"syscall/js\"\n",
		"other/or_loose.go":            "//go:build (js && wasm) || x\n\npackage other\n\nimport _ \"syscall/js\"\n",
		"node_modules/x/ignored.go":    "package x\n\nimport _ \"syscall/js\"\n",
		"wasm/bridge/comment_first.go": "// Comment.\n\n//go:build js && wasm\n\npackage bridge\n",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, problems, err := check(root)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, p := range problems {
		bad = append(bad, strings.Fields(p)[0])
	}
	slices.Sort(bad)
	want := []string{
		filepath.FromSlash("other/or_loose.go:"),
		filepath.FromSlash("other/uses_dom.go:"),
		filepath.FromSlash("other/uses_js.go:"),
		filepath.FromSlash("other/uses_jsx.go:"),
		filepath.FromSlash("wasm/bridge/untagged.go:"),
		filepath.FromSlash("wasm/transport/fetch/f.go:"),
	}
	if !slices.Equal(bad, want) {
		t.Errorf("problems in %v, want %v\n%s", bad, want, strings.Join(problems, "\n"))
	}
}

// check walks root and returns the files it checked and a line per file
// that lacks the constraint.
func check(root string) (checked, problems []string, err error) {
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "dist") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		needs := slices.Contains(wasmOnlyDirs, filepath.ToSlash(filepath.Dir(rel)))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, j := range jsImports {
				if p == j || strings.HasPrefix(p, j+"/") {
					needs = true
				}
			}
		}
		if !needs {
			return nil
		}
		checked = append(checked, rel)
		expr, err := buildConstraint(path)
		switch {
		case err != nil:
			problems = append(problems, rel+": "+err.Error())
		case expr == nil:
			problems = append(problems, rel+": no //go:build line; want //go:build js && wasm")
		case !impliesJSWasm(expr):
			problems = append(problems, rel+": //go:build "+expr.String()+" does not imply js && wasm")
		}
		return nil
	})
	return checked, problems, err
}

// buildConstraint returns the file's //go:build expression, nil if none.
// Like the go command, it reads only the leading comments, before the
// package clause.
func buildConstraint(path string) (constraint.Expr, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || (strings.HasPrefix(line, "//") && !constraint.IsGoBuild(line)):
			continue
		case constraint.IsGoBuild(line):
			return constraint.Parse(line)
		default:
			return nil, nil // the package clause or a block comment: no constraint
		}
	}
	return nil, nil
}

// impliesJSWasm reports whether expr can be true only when both js and
// wasm are: it is false under every assignment of its tags in which js or
// wasm is false.
func impliesJSWasm(expr constraint.Expr) bool {
	tags := map[string]bool{"js": true, "wasm": true}
	collectTags(expr, tags)
	names := make([]string, 0, len(tags))
	for tag := range tags {
		names = append(names, tag)
	}
	if len(names) > 16 {
		return false
	}
	for mask := range 1 << len(names) {
		set := map[string]bool{}
		for i, n := range names {
			set[n] = mask&(1<<i) != 0
		}
		if (!set["js"] || !set["wasm"]) && expr.Eval(func(tag string) bool { return set[tag] }) {
			return false
		}
	}
	return true
}

// collectTags adds the tags named in expr to tags.
func collectTags(expr constraint.Expr, tags map[string]bool) {
	switch e := expr.(type) {
	case *constraint.TagExpr:
		tags[e.Tag] = true
	case *constraint.NotExpr:
		collectTags(e.X, tags)
	case *constraint.AndExpr:
		collectTags(e.X, tags)
		collectTags(e.Y, tags)
	case *constraint.OrExpr:
		collectTags(e.X, tags)
		collectTags(e.Y, tags)
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
