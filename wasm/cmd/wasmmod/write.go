//go:build !js

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Module is the module whose net/http files and JSON methods are left out.
const Module = "github.com/ory/client-go"

// copyRule names what copyForWasm leaves out; it is part of the stamp, so
// a copy made by an older rule is made again.
const copyRule = "net/http files; functions using encoding/json or fmt"

// Write makes root/out/go.mod (and the copy of Module beside it) unless an
// up-to-date one is there, and returns the go.mod's path relative to root.
func Write(root, out string) (string, error) {
	src, err := moduleDir(root)
	if err != nil {
		return "", err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, out)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lock(dir + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()

	sum := sha256.Sum256(bytes.Join([][]byte{gomod, gosum, []byte(src), []byte(copyRule)}, []byte{0}))
	stamp := hex.EncodeToString(sum[:])
	modPath := filepath.Join(out, "go.mod")
	if old, err := os.ReadFile(filepath.Join(dir, "stamp")); err == nil && string(old) == stamp {
		if _, err := os.Stat(filepath.Join(dir, "client-go")); err == nil {
			return modPath, nil
		}
	}
	if err := copyForWasm(src, filepath.Join(dir, "client-go")); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		return "", err
	}
	rel := "./" + filepath.ToSlash(filepath.Join(out, "client-go"))
	mod := fmt.Sprintf("%s\n// Written by wasm/cmd/wasmmod: client-go without its net/http files and JSON methods.\nreplace %s => %s\n", gomod, Module, rel)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return "", err
	}
	return modPath, os.WriteFile(filepath.Join(dir, "stamp"), []byte(stamp), 0o644)
}

// moduleDir returns Module's folder in the module cache, downloading it
// when it is not there yet.
func moduleDir(root string) (string, error) {
	list := func() (string, error) {
		cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", Module)
		cmd.Dir, cmd.Env = root, append(os.Environ(), "GOOS=", "GOARCH=", "GOFLAGS=")
		b, err := cmd.Output()
		return strings.TrimSpace(string(b)), err
	}
	dir, err := list()
	if err == nil && dir != "" {
		return dir, nil
	}
	cmd := exec.Command("go", "mod", "download", Module)
	cmd.Dir, cmd.Stderr = root, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go mod download %s: %w", Module, err)
	}
	if dir, err = list(); err != nil || dir == "" {
		return "", fmt.Errorf("%s is not in the module cache", Module)
	}
	return dir, nil
}

// copyForWasm copies src's non-test Go files that do not import net/http,
// its go.mod and LICENSE into dst (replaced whole, by way of a temporary
// folder, so a reader never sees half a copy), each Go file without its
// functions that use encoding/json or fmt (see withoutJSONMethods).
func copyForWasm(src, dst string) error {
	tmp := dst + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		goFile := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
		if !goFile && name != "go.mod" && name != "LICENSE" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return err
		}
		if goFile {
			f, err := parser.ParseFile(token.NewFileSet(), name, b, parser.ImportsOnly)
			if err != nil {
				return err
			}
			if importName(f, "net/http") != "" {
				continue
			}
			if b, err = withoutJSONMethods(name, b); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// withoutJSONMethods returns the Go file src without its functions that
// use encoding/json or fmt (the models' MarshalJSON and UnmarshalJSON,
// which the wasm never calls: wasm/ory writes request bodies from ToMap
// with jsonwire; utils.go's decoder and error helpers), then without the
// imports nothing uses any more, gofmt-ed. The initialisers of those two
// packages and of the os that fmt imports kept 79 KB of orylogin.wasm.
func withoutJSONMethods(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	banned := map[string]bool{}
	for _, path := range []string{"encoding/json", "fmt"} {
		if n := importName(f, path); n != "" {
			banned[n] = true
		}
	}
	if len(banned) == 0 {
		return src, nil
	}
	var cuts [][2]token.Pos
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && usesAny(fd, banned) {
			start := fd.Pos()
			if fd.Doc != nil {
				start = fd.Doc.Pos()
			}
			cuts = append(cuts, [2]token.Pos{start, fd.End()})
		}
	}
	out := cut(fset, src, cuts)
	if f, err = parser.ParseFile(fset, name, out, parser.ParseComments); err != nil {
		return nil, err
	}
	cuts = nil
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, spec := range g.Specs {
			is := spec.(*ast.ImportSpec)
			if n := specName(is); n != "_" && n != "." && !usesAny(f, map[string]bool{n: true}) {
				if g.Lparen.IsValid() {
					cuts = append(cuts, [2]token.Pos{is.Pos(), is.End()})
				} else {
					cuts = append(cuts, [2]token.Pos{g.Pos(), g.End()})
				}
			}
		}
	}
	out, err = format.Source(cut(fset, out, cuts))
	if err != nil {
		return nil, fmt.Errorf("%s without its JSON methods: %w", name, err)
	}
	return out, nil
}

// cut returns src without the ranges (in file order, not overlapping).
func cut(fset *token.FileSet, src []byte, ranges [][2]token.Pos) []byte {
	var out []byte
	at := 0
	for _, r := range ranges {
		from, to := fset.Position(r[0]).Offset, fset.Position(r[1]).Offset
		out = append(append(out, src[at:from]...), "\n"...)
		at = to
	}
	return append(out, src[at:]...)
}

// importName is the name under which f imports path, "" if it does not.
func importName(f *ast.File, path string) string {
	for _, is := range f.Imports {
		if p, _ := strconv.Unquote(is.Path.Value); p == path {
			return specName(is)
		}
	}
	return ""
}

// specName is the name an import spec binds: its own, or the path's last
// element (as every import in client-go is named).
func specName(is *ast.ImportSpec) string {
	if is.Name != nil {
		return is.Name.Name
	}
	p, _ := strconv.Unquote(is.Path.Value)
	return path.Base(p)
}

// usesAny says whether n refers to a member of a package imported under
// one of names.
func usesAny(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok && names[id.Name] {
				found = true
			}
		}
		return !found
	})
	return found
}

// lock takes an exclusive lock on path and returns its release.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
