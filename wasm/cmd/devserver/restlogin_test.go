//go:build !js

package main

import (
	"bufio"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBannerRunsTheRESTGuide starts the dev server with its local real
// Kratos (required_aal highest_available, as ./build.sh serve runs it), takes
// the REST line its banner prints, and runs that line in bash from the
// repository's root: docs/rest-login.sh must log in through both flows with
// the codes read from /dev/inbox/code.
func TestBannerRunsTheRESTGuide(t *testing.T) {
	pr, _, _ := serve(t, "-addr", ":0", "-dist", testDist(t))
	var line string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if l, ok := strings.CutPrefix(sc.Text(), "  REST:     "); ok {
			line = l
		}
		if strings.Contains(sc.Text(), "Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if line == "" {
		t.Fatal("the banner prints no REST line")
	}
	cmd := exec.Command("bash", "-c", line)
	cmd.Dir = filepath.Join("..", "..", "..")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	ids := regexp.MustCompile(`(?m)^aal2 session [0-9a-f-]{36}$`).FindAll(out, -1)
	if len(ids) != 2 || !strings.HasSuffix(strings.TrimSpace(string(out)), string(ids[1])) {
		t.Errorf("want an 'aal2 session <id>' line per flow, the last one last; got %q", ids)
	}
	if strings.Contains(string(out), demoPassword) {
		t.Error("the transcript shows the password")
	}
}
