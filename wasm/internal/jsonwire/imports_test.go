//go:build !js

package jsonwire

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinksNoReflection: jsonwire exists so that the wasm links neither
// encoding/json nor what it rests on; it must not bring them back itself.
func TestLinksNoReflection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range []string{"encoding/json", "reflect", "fmt"} {
		if strings.Contains("\n"+string(out), "\n"+pkg+"\n") {
			t.Errorf("jsonwire imports %s", pkg)
		}
	}
}
