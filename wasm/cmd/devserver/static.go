//go:build !js

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// contentTypes maps the file extensions found in dist/ to their MIME types.
// Anything else is served as application/octet-stream (with nosniff), never
// guessed from the bytes.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".ts":   "text/plain; charset=utf-8", // orylogin.d.ts, for people to read
	".map":  "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".br":   "application/octet-stream",
	".gz":   "application/gzip",
}

// contentType returns the MIME type for a file name by its extension.
func contentType(name string) string {
	if ct, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return ct
	}
	return "application/octet-stream"
}

// encodings lists the pre-compressed variants the static handler looks for,
// in order of preference: file name suffix and Content-Encoding token.
var encodings = []struct{ suffix, token string }{
	{".br", "br"},
	{".gz", "gzip"},
}

// staticHandler serves the files of one directory (dist/): GET and HEAD
// only, no directory listings, no dot-files, nothing outside the directory
// (it is opened as an os.Root, so neither ".." nor a symlink can leave it).
// A file with a fresh name.br / name.gz beside it is served from that
// variant when the request accepts the encoding.
type staticHandler struct {
	root *os.Root
	csp  string // Content-Security-Policy sent with every HTML response

	mu    sync.Mutex
	etags map[string]etagEntry // by file name, valid while size and mtime match
}

// etagEntry caches the ETag of one file version.
type etagEntry struct {
	size  int64
	mtime time.Time
	etag  string
}

// newStaticHandler opens dir; it must exist.
func newStaticHandler(dir, csp string) (*staticHandler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &staticHandler{root: root, csp: csp, etags: map[string]etagEntry{}}, nil
}

// Close releases the directory.
func (h *staticHandler) Close() error { return h.root.Close() }

// ServeHTTP implements http.Handler.
func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, err := cleanName(r.URL.Path)
	if err != nil {
		if errors.Is(err, errHidden) {
			http.NotFound(w, r)
		} else {
			http.Error(w, "bad path", http.StatusBadRequest)
		}
		return
	}
	fi, err := h.root.Stat(name)
	if err == nil && fi.IsDir() {
		name = path.Join(name, "index.html")
		fi, err = h.root.Stat(name)
	}
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	hdr := w.Header()
	served, servedInfo := name, fi
	for _, enc := range encodings {
		vi, err := h.root.Stat(name + enc.suffix)
		if err != nil || !vi.Mode().IsRegular() || vi.ModTime().Before(fi.ModTime()) {
			continue // absent, or older than the file: stale, ignore it
		}
		hdr.Add("Vary", "Accept-Encoding")
		if accepts(r.Header.Get("Accept-Encoding"), enc.token) {
			served, servedInfo = name+enc.suffix, vi
			hdr.Set("Content-Encoding", enc.token)
			break
		}
	}

	f, err := h.root.Open(served)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	etag, err := h.etag(served, servedInfo, f)
	if err != nil {
		http.Error(w, "read error", http.StatusInternalServerError)
		return
	}
	ct := contentType(name)
	hdr.Set("Content-Type", ct)
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("ETag", etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	if strings.HasPrefix(ct, "text/html") {
		hdr.Set("Content-Security-Policy", h.csp)
	}
	http.ServeContent(w, r, "", servedInfo.ModTime(), f)
}

// Errors of cleanName.
var (
	errBadPath = errors.New("bad path")
	errHidden  = errors.New("hidden file")
)

// cleanName turns a URL path into a file name relative to the root. It
// refuses "." and ".." segments, backslashes and NUL bytes (errBadPath) and
// names starting with a dot (errHidden) instead of silently cleaning them
// away. "/" and "/dir/" map to "." and "dir".
func cleanName(urlPath string) (string, error) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", errBadPath
	}
	for _, seg := range strings.Split(urlPath[1:], "/") {
		switch {
		case seg == "." || seg == "..":
			return "", errBadPath
		case strings.HasPrefix(seg, "."):
			return "", errHidden
		}
	}
	name := strings.Trim(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", errBadPath
	}
	return name, nil
}

// accepts reports whether an Accept-Encoding header value allows token
// (explicitly or through "*") with a non-zero quality.
func accepts(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch coding {
		case token:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// etag returns a strong ETag for the file version described by fi: the
// first 16 bytes of its SHA-256, computed once per version. f is left at
// its start.
func (h *staticHandler) etag(name string, fi fs.FileInfo, f io.ReadSeeker) (string, error) {
	h.mu.Lock()
	e, ok := h.etags[name]
	h.mu.Unlock()
	if ok && e.size == fi.Size() && e.mtime.Equal(fi.ModTime()) {
		return e.etag, nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tag := `"` + hex.EncodeToString(sum.Sum(nil)[:16]) + `"`
	h.mu.Lock()
	h.etags[name] = etagEntry{size: fi.Size(), mtime: fi.ModTime(), etag: tag}
	h.mu.Unlock()
	return tag, nil
}

// errNoDist explains a missing dist directory.
var errNoDist = errors.New("no dist directory: run ./build.sh build first")
