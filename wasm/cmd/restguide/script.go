//go:build !js

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// scriptRun is one run of docs/rest-login.sh.
type scriptRun struct {
	Stdout, Stderr string
	Answers        map[string]string // step name -> the answer it printed last (status line and trimmed body)
	Err            error
}

// runScript runs the script with bash, verbatim, against publicURL as
// email/password, the code read by codeCommand, and collects each step's
// answer (ORY_GUIDE_ANSWERS). It inherits only PATH and HOME.
func runScript(ctx context.Context, script, publicURL, email, password, codeCommand string) scriptRun {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "restguide-answers-*")
	if err != nil {
		return scriptRun{Err: err}
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"ORY_URL=" + publicURL, "ORY_IDENTIFIER=" + email, "ORY_PASSWORD=" + password,
		"ORY_CODE_COMMAND=" + codeCommand, "ORY_GUIDE_ANSWERS=" + dir,
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = nil // never a terminal: the code must come from codeCommand
	r := scriptRun{Err: cmd.Run()}
	r.Stdout, r.Stderr = stdout.String(), stderr.String()
	r.Answers = map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil {
			r.Answers[filepath.Base(f)] = string(b)
		}
	}
	return r
}

// codeCommand is an ORY_CODE_COMMAND that prints the code of the newest
// mail to email, read from Kratos's admin API (the courier's queue: the
// local Kratos sends no mail). The dev server's /dev/inbox/code does the
// same for ./build.sh serve.
func codeCommand(adminURL, email string) string {
	return fmt.Sprintf(`curl -fsS '%s/admin/courier/messages?recipient=%s' | jq -r '.[0].body' | grep -oE '[0-9]{6}' | head -n 1`,
		adminURL, strings.ReplaceAll(email, "@", "%40"))
}

// kratosVersion asks a Kratos binary for its version ("v1.3.1").
func kratosVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", bin, err)
	}
	m := regexp.MustCompile(`Version:\s+(v[0-9][0-9.]*)`).FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("%s version: no version in %q", bin, out)
	}
	return string(m[1]), nil
}
