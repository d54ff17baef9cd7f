//go:build !js

package kratoslocal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// BuildVersion is the Kratos release this package builds from the Go module
// proxy (the proxy serves no later one) and runs unless BinaryEnv names
// another binary.
const BuildVersion = "v1.3.1"

// BinaryEnv names the environment variable that, when set, points at a Kratos
// binary to use instead of the cached v1.3.1 build (nothing is built then),
// e.g. KRATOS_BIN=/path/to/kratos-v26.2.0 ./build.sh test. Any release whose
// `kratos version` prints "Version: vX.Y.Z" and that loads the config this
// package writes (v1.3.1 and v26.2.0 do) works; Server.Version says which
// one runs.
const BinaryEnv = "KRATOS_BIN"

// CacheDir returns the directory holding the cached Kratos build:
// $XDG_CACHE_HOME (or ~/.cache)/orylogin/kratos-v1.3.1. It lies outside the
// repository so that builds survive clean checkouts.
func CacheDir() (string, error) {
	base, err := os.UserCacheDir() // honours $XDG_CACHE_HOME
	if err != nil {
		return "", fmt.Errorf("kratoslocal: no cache directory: %w", err)
	}
	return filepath.Join(base, "orylogin", "kratos-"+BuildVersion), nil
}

// Binary returns the absolute path of the Kratos binary to run: $KRATOS_BIN
// when set, else the cached v1.3.1 build, built first if needed. It is
// idempotent and safe to call from several processes at once: the build runs
// under an exclusive file lock in the cache directory and lands by an atomic
// rename, so a binary that exists is complete.
func Binary(ctx context.Context) (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		abs, err := filepath.Abs(p) // Kratos runs in its work dir: a relative path would not resolve there
		if err == nil {
			err = checkExecutable(abs)
		}
		if err != nil {
			return "", fmt.Errorf("kratoslocal: $%s: %w", BinaryEnv, err)
		}
		return abs, nil
	}
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "kratos")
	if checkExecutable(bin) == nil { // fast path: no lock needed for a finished build
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if checkExecutable(bin) == nil { // another process built it while we waited
		return bin, nil
	}
	removeStale(dir, "kratos.build-*") // left by killed builds; we hold the lock
	if err := build(ctx, dir, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// checkExecutable reports whether p is a non-empty regular file with an
// execute bit.
func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not an executable file", p)
	}
	return nil
}

// lockFile takes an exclusive flock on path, polling so that ctx can cancel
// the wait. The returned func releases it.
func lockFile(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("kratoslocal: lock: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("kratoslocal: lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("kratoslocal: waiting for the build lock %s: %w", path, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// build downloads the Kratos module and builds it into bin through a
// temporary file in dir. `go install` cannot be used: Kratos's go.mod has
// replace directives.
func build(ctx context.Context, dir, bin string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if os.Getenv("GOROOT") == "" || checkExecutable(goTool) != nil {
			return fmt.Errorf("kratoslocal: building Kratos needs the go command: %w", err)
		}
	}
	env := append(os.Environ(),
		"GOWORK=off", "GOFLAGS=", "GO111MODULE=on", "CGO_ENABLED=1",
		"GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)

	// Run outside any module so the download does not touch a go.mod.
	dl := exec.CommandContext(ctx, goTool, "mod", "download", "-json", "github.com/ory/kratos@"+BuildVersion)
	dl.Dir = os.TempDir()
	dl.Env = env
	var dlErr bytes.Buffer
	dl.Stderr = &dlErr
	out, err := dl.Output()
	if err != nil {
		return fmt.Errorf("kratoslocal: go mod download kratos@%s: %w\n%s%s", BuildVersion, err, out, dlErr.Bytes())
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return fmt.Errorf("kratoslocal: go mod download kratos@%s: no module dir (%v %s)", BuildVersion, err, mod.Error)
	}

	tmp, err := os.CreateTemp(dir, "kratos.build-*")
	if err != nil {
		return fmt.Errorf("kratoslocal: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // no-op after the rename

	start := time.Now()
	b := exec.CommandContext(ctx, goTool, "build", "-tags", "sqlite,json1",
		"-ldflags", "-X github.com/ory/kratos/driver/config.Version="+BuildVersion,
		"-o", tmpName, ".")
	b.Dir = mod.Dir
	b.Env = env
	var log bytes.Buffer
	b.Stdout, b.Stderr = &log, &log
	if err := b.Run(); err != nil {
		return fmt.Errorf("kratoslocal: building Kratos %s in %s: %w\n%s", BuildVersion, mod.Dir, err, tail(log.Bytes(), 4096))
	}
	if err := os.Chmod(tmpName, 0o755); err != nil {
		return fmt.Errorf("kratoslocal: %w", err)
	}
	if err := os.Rename(tmpName, bin); err != nil {
		return fmt.Errorf("kratoslocal: %w", err)
	}
	fmt.Fprintf(os.Stderr, "kratoslocal: built Kratos %s into %s in %s\n", BuildVersion, bin, time.Since(start).Round(time.Second))
	return nil
}

// removeStale removes what matches pattern in dir. Call it only under the
// lock that guards those files.
func removeStale(dir, pattern string) {
	stale, _ := filepath.Glob(filepath.Join(dir, pattern))
	for _, p := range stale {
		os.RemoveAll(p)
	}
}

// tail returns the last n bytes of b, cut at a line start when possible.
func tail(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	b = b[len(b)-n:]
	if i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b)-1 {
		b = b[i+1:]
	}
	return "…" + strings.TrimLeft(string(b), "\n")
}
