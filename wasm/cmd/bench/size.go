//go:build !js

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// benchPages are the files of web/bench/ that the browser loads (the
// driver runs under Node and stays out).
var benchPages = []string{"ready.html", "ready.js", "floor.html", "floor.js", "hello.html", "hello.js", "bench.html", "bench.js", "baseline.js"}

// snapshot copies dist/ (less an old bench.json) and the bench pages (to
// bench/) into dir, keeping modification times: the dev server serves a
// .br or .gz only when it is not older than its file.
func snapshot(dist, dir string) error {
	if _, err := os.Stat(filepath.Join(dist, "orylogin.wasm")); err != nil {
		return fmt.Errorf("%s has no orylogin.wasm: run ./build.sh build first", dist)
	}
	err := filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dist, p)
		switch {
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		case rel == "bench.json" || !d.Type().IsRegular():
			return nil
		}
		return copyFile(p, filepath.Join(dir, rel))
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "bench"), 0o755); err != nil {
		return err
	}
	for _, f := range benchPages {
		if err := copyFile(filepath.Join("web", "bench", f), filepath.Join(dir, "bench", f)); err != nil {
			return fmt.Errorf("bench page (run from the repository's top directory): %w", err)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// fileSize is one file's size raw, gzip -9 and brotli -q 11.
type fileSize struct {
	Name   string `json:"name"`
	Raw    int64  `json:"raw"`
	Gzip   int64  `json:"gzip"`
	Brotli int64  `json:"brotli"`
}

// sizeReport is the size part of the report.
type sizeReport struct {
	Files        []fileSize     `json:"files"`        // orylogin.wasm, the JS glue, the CSS
	WasmSections map[string]int `json:"wasmSections"` // of dist's (stripped) orylogin.wasm
	WasmCode     int            `json:"wasmCode"`     // its function bodies
	ModuleBrotli int64          `json:"moduleBrotli"` // orylogin.wasm + wasm_exec.js + orylogin.js: what an embedding page adds
	PageFiles    []fileSize     `json:"pageFiles"`    // what the demo page (index.html) downloads, same-origin
	PageBrotli   int64          `json:"pageBrotli"`   // their brotli total
	Hello        fileSize       `json:"hello"`        // the smallest Go program (bench/hello.wasm), the Go floor

	cache map[string]fileSize
}

// measureSizes sizes the module's files and the CSS in the snapshot dir.
func measureSizes(ctx context.Context, dir string) (sizeReport, error) {
	r := sizeReport{cache: map[string]fileSize{}}
	names := []string{"orylogin.wasm", "wasm_exec.js", "orylogin.js"}
	css, _ := filepath.Glob(filepath.Join(dir, "*.css"))
	sort.Strings(css)
	for _, c := range css {
		names = append(names, filepath.Base(c))
	}
	for _, n := range names {
		fs, err := r.size(ctx, dir, n)
		if err != nil {
			return r, err
		}
		r.Files = append(r.Files, fs)
		if !strings.HasSuffix(n, ".css") {
			r.ModuleBrotli += fs.Brotli
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "orylogin.wasm"))
	if err != nil {
		return r, err
	}
	m, err := parseWasm(b)
	if err != nil {
		return r, err
	}
	r.WasmSections, r.WasmCode = m.sections, m.code
	return r, nil
}

// addPage sizes the files the demo page fetched (URL paths).
func (r *sizeReport) addPage(ctx context.Context, dir string, paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("the demo page fetched nothing")
	}
	for _, p := range paths {
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" || name == "." {
			name = "index.html"
		}
		fs, err := r.size(ctx, dir, name)
		if err != nil {
			return err
		}
		r.PageFiles = append(r.PageFiles, fs)
		r.PageBrotli += fs.Brotli
	}
	return nil
}

// buildHello builds wasm/cmd/bench/hello like orylogin.wasm into
// dir/bench/hello.wasm, with a brotli copy beside it as the dev server
// serves orylogin.wasm, and sizes it.
func (r *sizeReport) buildHello(ctx context.Context, dir string) error {
	out := filepath.Join(dir, "bench", "hello.wasm")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm/cmd/bench/hello")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build the Go floor: %w", err)
	}
	br := exec.CommandContext(ctx, "brotli", "-q", "11", "-f", "-o", out+".br", out)
	br.Stderr = os.Stderr
	if err := br.Run(); err != nil {
		return err
	}
	now := time.Now()
	if err := os.Chtimes(out+".br", now, now); err != nil { // brotli copies the wasm's mtime: not older
		return err
	}
	var err error
	r.Hello, err = r.size(ctx, dir, "bench/hello.wasm")
	return err
}

// size compresses one file of dir. orylogin.wasm's .br and .gz from the
// build are used when dist's checksum stamp says they were made from it
// (brotli -q 11 of the wasm takes ~20 s).
func (r *sizeReport) size(ctx context.Context, dir, name string) (fileSize, error) {
	if fs, ok := r.cache[name]; ok {
		return fs, nil
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	b, err := os.ReadFile(p)
	if err != nil {
		return fileSize{}, err
	}
	out := fileSize{Name: name, Raw: int64(len(b))}
	if name == "orylogin.wasm" && stampMatches(dir, b) {
		br, err1 := os.Stat(p + ".br")
		gz, err2 := os.Stat(p + ".gz")
		if err1 == nil && err2 == nil {
			out.Brotli, out.Gzip = br.Size(), gz.Size()
		}
	}
	if out.Brotli == 0 {
		if out.Brotli, err = compressedSize(ctx, p, "brotli", "-q", "11", "-c"); err != nil {
			return out, err
		}
		if out.Gzip, err = compressedSize(ctx, p, "gzip", "-9", "-n", "-c"); err != nil {
			return out, err
		}
	}
	r.cache[name] = out
	return out, nil
}

// stampMatches reports whether dist's .orylogin.wasm.sha256 (written by
// ./build.sh's compress) is the checksum of wasm.
func stampMatches(dir string, wasm []byte) bool {
	stamp, err := os.ReadFile(filepath.Join(dir, ".orylogin.wasm.sha256"))
	if err != nil {
		return false
	}
	sum := sha256.Sum256(wasm)
	return strings.TrimSpace(string(stamp)) == hex.EncodeToString(sum[:])
}

// compressedSize runs a compressor that writes to stdout and counts the bytes.
func compressedSize(ctx context.Context, file string, tool string, args ...string) (int64, error) {
	cmd := exec.CommandContext(ctx, tool, append(args, file)...)
	var n countWriter
	cmd.Stdout = &n
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s %s: %w", tool, file, err)
	}
	return int64(n), nil
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
