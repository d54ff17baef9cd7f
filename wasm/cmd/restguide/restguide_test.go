//go:build !js

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
	"github.com/orylogin/orylogin/wasm/internal/testkit"
)

// repoFile is a file of the repository, read from this package's directory.
func repoFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGuideAndScriptAgree keeps one source of truth: every ```sh block of
// docs/rest-login.md is, in order, one step of docs/rest-login.sh.
func TestGuideAndScriptAgree(t *testing.T) {
	steps, err := scriptBlocks(repoFile(t, "docs/rest-login.sh"))
	if err != nil {
		t.Fatal(err)
	}
	md := markdownBlocks(repoFile(t, "docs/rest-login.md"))
	if len(steps) < 10 {
		t.Fatalf("the script has %d steps; the guide's two flows have more", len(steps))
	}
	if err := compareBlocks(md, steps); err != nil {
		t.Fatal(err)
	}
}

func TestCompareBlocksNamesTheDifference(t *testing.T) {
	script := "runner\n" + guideMark + " ----\nstep a \"first\"\necho a\n\nstep b \"second\"\necho b\n"
	steps, err := scriptBlocks(script)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[0].text != "echo a" || steps[1].text != "echo b" || steps[1].line != 7 {
		t.Fatalf("steps %+v", steps)
	}
	if err := compareBlocks(markdownBlocks("x\n```sh\necho a\n```\n```bash\nnot the script's\n```\n```sh\necho b\n```\n"), steps); err != nil {
		t.Errorf("equal blocks: %v", err)
	}
	err = compareBlocks(markdownBlocks("```sh\necho a\n```\n```sh\necho B\n```\n"), steps)
	if err == nil || !strings.Contains(err.Error(), "script step b (line 7)") {
		t.Errorf("changed block: %v", err)
	}
	if err := compareBlocks(markdownBlocks("```sh\necho a\n```\n"), steps); err == nil {
		t.Error("a missing block passed")
	}
	if _, err := scriptBlocks("no mark\n"); err == nil {
		t.Error("a script without the mark passed")
	}
}

func TestRewriteAnswers(t *testing.T) {
	md := "# guide\n<!-- answer s1 v1.3.1 aal1 -->\n```text\nold\n```\ntext\n<!-- answer s1 v26.2.0 aal1 -->\n```text\nkept\n```\n"
	out, kept, err := rewriteAnswers(md, map[answerKey]string{{"s1", "v1.3.1", "aal1"}: "HTTP 200\n{}\n"}, map[string]bool{"v1.3.1 aal1": true})
	if err != nil {
		t.Fatal(err)
	}
	want := "# guide\n<!-- answer s1 v1.3.1 aal1 -->\n```text\nHTTP 200\n{}\n```\ntext\n<!-- answer s1 v26.2.0 aal1 -->\n```text\nkept\n```\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if len(kept) != 1 || kept[0] != "s1 v26.2.0 aal1" {
		t.Errorf("kept %v", kept)
	}
	if _, _, err := rewriteAnswers(md, map[answerKey]string{}, map[string]bool{"v1.3.1 aal1": true}); err == nil {
		t.Error("a mark whose version ran without that step passed")
	}
	if _, _, err := rewriteAnswers("<!-- answer s1 v1.3.1 aal1 -->\nno block\n", nil, nil); err == nil {
		t.Error("a mark without a block passed")
	}
}

var sessionLine = regexp.MustCompile(`(?m)^aal2 session ([0-9a-f-]{36})$`)

// TestScriptAgainstKratos runs docs/rest-login.sh verbatim against a real
// Kratos (the rig's binary: v1.3.1, or the one kratoslocal.BinaryEnv names) with
// required_aal aal1 and highest_available: both flows reach an AAL2 session
// that Kratos's admin API confirms, no secret (password, session token,
// mailed code) shows in the transcript, and
// a wrong password stops the script with a line naming the step.
func TestScriptAgainstKratos(t *testing.T) {
	for _, aal := range []string{"aal1", "highest_available"} {
		t.Run(aal, func(t *testing.T) {
			ctx := context.Background()
			srv := guideKratos[aal].Server(t)
			const password = "canary-pw-'$\"x"
			if _, err := srv.CreateIdentity(ctx, guideEmail, password); err != nil {
				t.Fatal(err)
			}
			script := filepath.Join("..", "..", "..", "docs", "rest-login.sh")
			r := runScript(ctx, script, srv.PublicURL, guideEmail, password, codeCommand(srv.AdminURL, guideEmail))
			if r.Err != nil {
				t.Fatalf("script: %v\n%s\n%s", r.Err, tailLines(r.Stdout, 60), r.Stderr)
			}
			ids := sessionLine.FindAllStringSubmatch(r.Stdout, -1)
			lines := strings.Split(strings.TrimRight(r.Stdout, "\n"), "\n")
			if len(ids) != 2 || !sessionLine.MatchString(lines[len(lines)-1]) {
				t.Fatalf("want two 'aal2 session <id>' lines, the last one last; got %q … %q", ids, lines[len(lines)-1])
			}
			for _, id := range ids {
				if got := adminSessionAAL(t, srv.AdminURL, id[1]); got != "aal2" {
					t.Errorf("session %s: Kratos says %q, want aal2", id[1], got)
				}
			}
			if strings.Contains(r.Stdout+r.Stderr, password) {
				t.Errorf("the transcript shows the password")
			}
			if regexp.MustCompile(`ory_st_[A-Za-z0-9]`).MatchString(r.Stdout + r.Stderr) {
				t.Errorf("the transcript shows a session token")
			}
			mails, err := srv.Mails(ctx, guideEmail)
			if err != nil {
				t.Fatal(err)
			}
			if len(mails) < 2 {
				t.Errorf("%d mails; each flow mails a code", len(mails))
			}
			for _, m := range mails {
				if m.Code == "" || regexp.MustCompile(`\b`+m.Code+`\b`).MatchString(r.Stdout+r.Stderr) {
					t.Errorf("the transcript shows the code %q of mail %s (or the mail has none)", m.Code, m.ID)
				}
			}
			for _, want := range []string{`"state": "sent_email"`, `"authenticator_assurance_level": "aal2"`} {
				if !strings.Contains(r.Stdout, want) {
					t.Errorf("transcript lacks %s", want)
				}
			}
			for _, step := range []string{"api-create", "api-password", "api-aal2", "api-code", "api-whoami",
				"browser-create", "browser-password", "browser-aal2", "browser-code", "browser-whoami"} {
				if r.Answers[step] == "" {
					t.Errorf("step %s recorded no answer", step)
				}
			}
			version := srv.Version
			t.Logf("ran against Kratos %s", version)
			sentBy := "api-send" // v1.3.1: the address button sends the code
			if !strings.HasPrefix(version, "v1.") {
				sentBy = "api-aal2" // v26: creating the AAL2 flow sends it
				if _, sent := r.Answers["api-send"]; sent {
					t.Errorf("Kratos %s: the script sent the code although the AAL2 flow had", version)
				}
			}
			if !strings.Contains(r.Answers[sentBy], `"state": "sent_email"`) {
				t.Errorf("Kratos %s: step %s answered %s, want state sent_email", version, sentBy, r.Answers[sentBy])
			}
			if aal == "highest_available" && !strings.Contains(r.Answers["browser-password"], "browser_location_change_required") {
				t.Errorf("highest_available: the browser password step answered %s", r.Answers["browser-password"])
			}

			bad := runScript(ctx, script, srv.PublicURL, guideEmail, "not-the-password", codeCommand(srv.AdminURL, guideEmail))
			if bad.Err == nil {
				t.Fatal("a wrong password: the script exited 0")
			}
			if !strings.Contains(bad.Stderr, "rest-login.sh: step api-password failed") || !strings.Contains(bad.Stderr, "4000006") {
				t.Errorf("a wrong password: stderr %q, want the failing step and Ory's message id", bad.Stderr)
			}
		})
	}
}

// guideKratos is the real Kratos of each required_aal the script runs
// against, started on first use and stopped when the tests end (testkit.Main).
var guideKratos = map[string]*testkit.Kratos{
	"aal1":              testkit.LazyKratos(kratoslocal.Options{RequiredAAL: "aal1", AllowedOrigins: []string{guidePage}}),
	"highest_available": testkit.LazyKratos(kratoslocal.Options{RequiredAAL: "highest_available", AllowedOrigins: []string{guidePage}}),
}

func TestMain(m *testing.M) { testkit.Main(m) }

// adminSessionAAL asks Kratos's admin API for a session's level.
func adminSessionAAL(t *testing.T, admin, id string) string {
	t.Helper()
	resp, err := http.Get(admin + "/admin/sessions/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		AAL string `json:"authenticator_assurance_level"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s.AAL
}
