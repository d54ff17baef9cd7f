//go:build !js

package kratoslocal

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"time"
)

// versionLine is `kratos version`'s first line, "Version:\t\t\tv26.2.0".
var versionLine = regexp.MustCompile(`(?m)^Version:\s+(v\d+\.\d+\.\d+\S*)\s*$`)

// versions caches BinaryVersion's answers by binary (path, size, mtime).
var versions sync.Map

// BinaryVersion returns the release of the Kratos binary at bin ("v1.3.1",
// "v26.2.0"), asked of the binary itself (`kratos version`, about 0.3 s,
// once per binary and process). Start writes it into the config's version
// key and Server.Version, so that tests can name the Kratos they ran on.
func BinaryVersion(ctx context.Context, bin string) (string, error) {
	fi, err := os.Stat(bin)
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %w", err)
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", bin, fi.Size(), fi.ModTime().UnixNano())
	if v, ok := versions.Load(key); ok {
		return v.(string), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "version")
	cmd.Env = processEnv(Options{})
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("kratoslocal: %s version: %w\n%s", bin, err, tail(out, 1024))
	}
	m := versionLine.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("kratoslocal: %s version printed no \"Version: vX.Y.Z\" line:\n%s", bin, tail(out, 1024))
	}
	versions.Store(key, string(m[1]))
	return string(m[1]), nil
}
