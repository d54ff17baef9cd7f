//go:build !js

package kratoslocal

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// templateDSN is the DSN the template database is migrated with: no WAL,
// so that once `kratos migrate` exits, the whole database is in one file
// that can be copied.
const templateDSN = "sqlite://./kratos.sqlite?_fk=true&mode=rwc&_busy_timeout=5000"

// prepareDB makes dir/kratos.sqlite hold the current schema. An existing
// database (a reused Options.Dir) is migrated in place. A new one is copied
// from a template migrated once per binary into the cache dir: running the
// 663 migrations costs more than half of a start (about 1.2s of CPU).
func prepareDB(ctx context.Context, bin, version, dir string, env []string, out *output) error {
	db := filepath.Join(dir, "kratos.sqlite")
	if _, err := os.Stat(db); err == nil {
		return migrate(ctx, bin, dir, env, out)
	}
	tmpl, err := template(ctx, bin, version, env, out)
	if err != nil {
		return err
	}
	if err := copyFile(tmpl, db); err != nil {
		return fmt.Errorf("kratoslocal: copying the migrated template: %w", err)
	}
	return nil
}

// template returns the path of a migrated, empty database for bin, making
// it first if needed (under a lock, by atomic rename).
func template(ctx context.Context, bin, version string, env []string, out *output) (string, error) {
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	// One template per binary (path, size, mtime): a rebuilt or other binary
	// gets its own.
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%d", bin, fi.Size(), fi.ModTime().UnixNano())
	path := filepath.Join(cache, fmt.Sprintf("template-%x.sqlite", h.Sum64()))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(cache, "template.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	removeStale(cache, "template-work-*") // left by killed runs; we hold the lock

	work, err := os.MkdirTemp(cache, "template-work-*")
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	defer os.RemoveAll(work)
	cfg, err := config(Options{}.withDefaults(), version, "http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3", 1, 2)
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	if err := writeConfig(work, cfg); err != nil {
		return "", err
	}
	if err := migrate(ctx, bin, work, append(env, "DSN="+templateDSN), out); err != nil {
		return "", err
	}
	for _, side := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(filepath.Join(work, "kratos.sqlite"+side)); err == nil {
			return "", fmt.Errorf("kratoslocal: the migrated template left kratos.sqlite%s behind", side)
		}
	}
	if err := os.Rename(filepath.Join(work, "kratos.sqlite"), path); err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	return path, nil
}

// migrate creates or upgrades the SQLite schema in dir.
func migrate(ctx context.Context, bin, dir string, env []string, out *output) error {
	mark := out.mark()
	cmd := exec.CommandContext(ctx, bin, "migrate", "sql", "-e", "--yes", "-c", "kratos.yml")
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = procAttr()
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kratoslocal: kratos migrate: %w\n--- kratos log (tail) ---\n%s", err, out.since(mark))
	}
	return nil
}

// copyFile copies src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}
