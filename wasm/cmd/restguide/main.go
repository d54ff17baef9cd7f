//go:build !js

// Command restguide keeps the REST guide true: it runs docs/rest-login.sh
// (the guide's commands as one script) against real local Kratos servers,
// with session.whoami.required_aal aal1 and then highest_available, and
// writes the answers Ory gave into docs/rest-login.md, in the ```text block
// after each `<!-- answer STEP VERSION REQUIRED_AAL -->` mark.
//
//	go run ./wasm/cmd/restguide -kratos "$(go run ./wasm/cmd/kratosdev build)" [-kratos /path/to/kratos-v26]
//
// It fails, rewriting nothing, when the guide's ```sh blocks and the
// script's steps differ, when the script fails, or when a mark names a step
// that a version which ran did not answer. Marks of versions not given keep
// their text. ./build.sh guide runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// The guide's identity: the dev server's demo identity, so that the answers
// look like what a reader of ./build.sh serve gets.
const (
	guideEmail    = "demo@example.com"
	guidePassword = "ory-demo-password"
	guidePage     = "http://127.0.0.1:8080" // the page's origin in the answers' return URLs
)

// binaries is a repeatable -kratos flag.
type binaries []string

func (b *binaries) String() string     { return strings.Join(*b, ",") }
func (b *binaries) Set(v string) error { *b = append(*b, v); return nil }

func main() {
	md := flag.String("md", "docs/rest-login.md", "the guide whose answers are rewritten")
	script := flag.String("script", "docs/rest-login.sh", "the guide's commands as a script")
	var bins binaries
	flag.Var(&bins, "kratos", "a Kratos binary to run the script against (repeatable; none: kratoslocal's v1.3.1 build)")
	flag.Parse()
	if err := run(*md, *script, bins); err != nil {
		fmt.Fprintln(os.Stderr, "restguide:", err)
		os.Exit(1)
	}
}

func run(mdPath, scriptPath string, bins []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	mdBytes, err := os.ReadFile(mdPath)
	if err != nil {
		return err
	}
	scriptBytes, err := os.ReadFile(scriptPath)
	if err != nil {
		return err
	}
	steps, err := scriptBlocks(string(scriptBytes))
	if err != nil {
		return err
	}
	if err := compareBlocks(markdownBlocks(string(mdBytes)), steps); err != nil {
		return err
	}
	if len(bins) == 0 {
		bin, err := kratoslocal.Binary(ctx)
		if err != nil {
			return err
		}
		bins = []string{bin}
	}
	answers := map[answerKey]string{}
	ran := map[string]bool{}
	for _, bin := range bins {
		version, err := kratosVersion(ctx, bin)
		if err != nil {
			return err
		}
		for _, aal := range []string{"aal1", "highest_available"} {
			got, err := runAgainst(ctx, bin, aal, scriptPath)
			if err != nil {
				return fmt.Errorf("Kratos %s, required_aal %s: %w", version, aal, err)
			}
			for step, a := range got {
				answers[answerKey{step, version, aal}] = a
			}
			ran[version+" "+aal] = true
			fmt.Fprintf(os.Stderr, "restguide: Kratos %s, required_aal %s: %d answers\n", version, aal, len(got))
		}
	}
	out, kept, err := rewriteAnswers(string(mdBytes), answers, ran)
	if err != nil {
		return err
	}
	for _, k := range kept {
		fmt.Fprintf(os.Stderr, "restguide: kept the answer of %s (that version did not run)\n", k)
	}
	return os.WriteFile(mdPath, []byte(out), 0o644)
}

// runAgainst starts one Kratos (bin, required_aal aal), runs the script
// against it and returns each step's answer, its URLs written as $ORY_URL.
func runAgainst(ctx context.Context, bin, aal, script string) (map[string]string, error) {
	if err := os.Setenv(kratoslocal.BinaryEnv, bin); err != nil {
		return nil, err
	}
	srv, err := kratoslocal.Start(ctx, kratoslocal.Options{RequiredAAL: aal, AllowedOrigins: []string{guidePage}})
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	if _, err := srv.CreateIdentity(ctx, guideEmail, guidePassword); err != nil {
		return nil, err
	}
	r := runScript(ctx, script, srv.PublicURL, guideEmail, guidePassword, codeCommand(srv.AdminURL, guideEmail))
	if r.Err != nil {
		return nil, fmt.Errorf("%s: %w\n%s", script, r.Err, tailLines(r.Stdout+r.Stderr, 40))
	}
	for step, a := range r.Answers {
		r.Answers[step] = strings.ReplaceAll(a, srv.PublicURL, "$ORY_URL")
	}
	return r.Answers, nil
}

// tailLines returns the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
