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
	// The pages of web/bench/ and their scripts; the driver (.mjs) runs
	// under Node and stays out.
	pages, err := filepath.Glob(filepath.Join("web", "bench", "*"))
	if err != nil || len(pages) == 0 {
		return fmt.Errorf("no web/bench/ (run from the repository's top directory)")
	}
	for _, p := range pages {
		if ext := filepath.Ext(p); ext != ".html" && ext != ".js" {
			continue
		}
		if err := copyFile(p, filepath.Join(dir, "bench", filepath.Base(p))); err != nil {
			return fmt.Errorf("bench page: %w", err)
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
	// ElementFiles are what a page that uses the JS API and <ory-login>
	// downloads (bench/form.html, less its own files under bench/): the
	// budget's size.
	ElementFiles  []fileSize `json:"elementFiles"`
	ElementBrotli int64      `json:"elementBrotli"`
	// Others are the .wasm files of dist/ that page did not download (an
	// offline artifact, say): reported, outside the budget.
	Others []fileSize `json:"others"`
	Hello  fileSize   `json:"hello"` // the smallest Go program (bench/hello.wasm), the Go floor

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

// addPages sizes the files the demo page and the element page fetched (URL
// paths), and the other .wasm files of dir.
func (r *sizeReport) addPages(ctx context.Context, dir string, demo, element []string) error {
	var err error
	if r.PageFiles, r.PageBrotli, err = r.sizeAll(ctx, dir, demo); err != nil {
		return fmt.Errorf("the demo page: %w", err)
	}
	if r.ElementFiles, r.ElementBrotli, err = r.sizeAll(ctx, dir, element); err != nil {
		return fmt.Errorf("the page with <ory-login>: %w", err)
	}
	fetched := map[string]bool{}
	for _, f := range r.ElementFiles {
		fetched[f.Name] = true
	}
	wasms, _ := filepath.Glob(filepath.Join(dir, "*.wasm"))
	sort.Strings(wasms)
	for _, w := range wasms {
		if name := filepath.Base(w); !fetched[name] {
			progress("size: " + name + " (not downloaded by a page with <ory-login>)")
			fs, err := r.size(ctx, dir, name)
			if err != nil {
				return err
			}
			r.Others = append(r.Others, fs)
		}
	}
	return nil
}

// sizeAll sizes the files at the URL paths and sums their brotli sizes.
func (r *sizeReport) sizeAll(ctx context.Context, dir string, paths []string) ([]fileSize, int64, error) {
	if len(paths) == 0 {
		return nil, 0, fmt.Errorf("it fetched nothing")
	}
	var files []fileSize
	var total int64
	for _, p := range paths {
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" || name == "." {
			name = "index.html"
		} else if strings.HasSuffix(p, "/") {
			name += "/index.html"
		}
		fs, err := r.size(ctx, dir, name)
		if err != nil {
			return nil, 0, err
		}
		files = append(files, fs)
		total += fs.Brotli
	}
	return files, total, nil
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
