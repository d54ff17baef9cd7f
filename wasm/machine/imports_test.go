//go:build !js

package machine

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsNoNetworkOrJS keeps the machine plain Go: neither syscall/js
// nor net/http nor client-go, directly or through another package, for the
// host and for the wasm build.
func TestImportsNoNetworkOrJS(t *testing.T) {
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		cmd := exec.Command("go", "list", "-deps", ".")
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", env, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 5 {
			t.Fatalf("go list %v listed only %v", env, deps)
		}
		for _, d := range deps {
			if d == "syscall/js" && env == nil || d == "net/http" || strings.HasPrefix(d, "github.com/ory/") || strings.HasPrefix(d, "net/") || d == "net" {
				t.Errorf("%v: the machine depends on %s", env, d)
			}
		}
	}
}
