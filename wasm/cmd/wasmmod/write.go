//go:build !js

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Module is the module whose net/http files are left out.
const Module = "github.com/ory/client-go"

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

	sum := sha256.Sum256(bytes.Join([][]byte{gomod, gosum, []byte(src)}, []byte{0}))
	stamp := hex.EncodeToString(sum[:])
	modPath := filepath.Join(out, "go.mod")
	if old, err := os.ReadFile(filepath.Join(dir, "stamp")); err == nil && string(old) == stamp {
		if _, err := os.Stat(filepath.Join(dir, "client-go")); err == nil {
			return modPath, nil
		}
	}
	if err := copyWithoutNetHTTP(src, filepath.Join(dir, "client-go")); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		return "", err
	}
	rel := "./" + filepath.ToSlash(filepath.Join(out, "client-go"))
	mod := fmt.Sprintf("%s\n// Written by wasm/cmd/wasmmod: client-go without its net/http files.\nreplace %s => %s\n", gomod, Module, rel)
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

// copyWithoutNetHTTP copies src's non-test Go files that do not import
// net/http, its go.mod and LICENSE into dst (replaced whole, by way of a
// temporary folder, so a reader never sees half a copy).
func copyWithoutNetHTTP(src, dst string) error {
	tmp := dst + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		keep := name == "go.mod" || name == "LICENSE"
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			f, err := parser.ParseFile(fset, filepath.Join(src, name), nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			keep = true
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "net/http" {
					keep = false
				}
			}
		}
		if !keep {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return err
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
