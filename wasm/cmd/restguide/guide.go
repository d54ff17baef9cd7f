//go:build !js

package main

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
)

// guideMark is the line of docs/rest-login.sh after which everything is the
// guide's commands; before it is the runner (checks, logging, masking).
const guideMark = "# ---- the guide's commands"

// block is one step's commands: a ```sh block of the guide, or the lines of
// the script between one `step NAME TITLE` line and the next.
type block struct {
	name string // the script's step name; "" for the markdown's blocks
	line int    // 1-based line of its first command
	text string
}

// markdownBlocks returns the ```sh blocks of the guide, in order. Other
// fences (```bash for what a reader types but the script takes from the
// environment, ```text for answers) are not the script's.
func markdownBlocks(md string) []block {
	var out []block
	var cur *block
	var lines []string
	for i, l := range strings.Split(md, "\n") {
		switch {
		case cur == nil && l == "```sh":
			cur, lines = &block{line: i + 2}, nil
		case cur != nil && l == "```":
			cur.text = strings.Join(lines, "\n")
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			lines = append(lines, l)
		}
	}
	return out
}

// stepLine is the runner's line that opens a step in the script.
var stepLine = regexp.MustCompile(`^step ([a-z0-9-]+) "[^"]*"$`)

// scriptBlocks returns the script's steps after guideMark, each without its
// step line and without trailing blank lines.
func scriptBlocks(script string) ([]block, error) {
	i := strings.Index(script, "\n"+guideMark)
	if i < 0 {
		return nil, fmt.Errorf("the script has no line %q", guideMark)
	}
	before := strings.Count(script[:i+1], "\n")
	sc := bufio.NewScanner(strings.NewReader(script[i+1:]))
	var out []block
	var lines []string
	flush := func() {
		if len(out) > 0 {
			for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
				lines = lines[:len(lines)-1]
			}
			out[len(out)-1].text = strings.Join(lines, "\n")
		}
		lines = nil
	}
	n := before
	for sc.Scan() {
		n++
		l := sc.Text()
		if n == before+1 {
			continue // the mark itself
		}
		if m := stepLine.FindStringSubmatch(l); m != nil {
			flush()
			out = append(out, block{name: m[1], line: n + 1})
			continue
		}
		if len(out) == 0 {
			if strings.TrimSpace(l) != "" {
				return nil, fmt.Errorf("script line %d: a command before the first step line", n)
			}
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return out, sc.Err()
}

// compareBlocks reports every difference between the guide's commands and
// the script's, naming the lines of both.
func compareBlocks(md, script []block) error {
	var diffs []string
	for i := 0; i < max(len(md), len(script)); i++ {
		switch {
		case i >= len(md):
			diffs = append(diffs, fmt.Sprintf("script step %s (line %d) has no ```sh block in the guide", script[i].name, script[i].line))
		case i >= len(script):
			diffs = append(diffs, fmt.Sprintf("the guide's ```sh block at line %d has no step in the script", md[i].line))
		case md[i].text != script[i].text:
			diffs = append(diffs, fmt.Sprintf("script step %s (line %d) differs from the guide's block at line %d:\n--- guide\n%s\n--- script\n%s",
				script[i].name, script[i].line, md[i].line, md[i].text, script[i].text))
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("docs/rest-login.md and docs/rest-login.sh differ:\n%s", strings.Join(diffs, "\n"))
	}
	return nil
}

// answerMark is the comment that names the answer the next ```text block
// shows: <!-- answer STEP VERSION REQUIRED_AAL -->.
var answerMark = regexp.MustCompile(`^<!-- answer ([a-z0-9-]+) (v[0-9.]+) (aal1|highest_available) -->$`)

// answerKey names one recorded answer: a step of a run against one Kratos
// version with one session.whoami.required_aal.
type answerKey struct{ step, version, aal string }

// rewriteAnswers replaces the ```text block after each answer mark by the
// recorded answer. A mark whose version was not run keeps its text (it is
// listed in kept); one whose version ran but whose step did not is an
// error: the guide shows an answer the script no longer gets.
func rewriteAnswers(md string, answers map[answerKey]string, ran map[string]bool) (out string, kept []string, err error) {
	lines := strings.Split(md, "\n")
	var b strings.Builder
	for i := 0; i < len(lines); i++ {
		b.WriteString(lines[i])
		b.WriteByte('\n')
		m := answerMark.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		key := answerKey{m[1], m[2], m[3]}
		if i+1 >= len(lines) || lines[i+1] != "```text" {
			return "", nil, fmt.Errorf("line %d: an answer mark must be followed by a ```text block", i+1)
		}
		end := i + 2
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		if end == len(lines) {
			return "", nil, fmt.Errorf("line %d: the answer's ```text block does not end", i+2)
		}
		ans, ok := answers[key]
		if !ok {
			if ran[key.version+" "+key.aal] {
				return "", nil, fmt.Errorf("line %d: Kratos %s (required_aal %s) ran, but step %s gave no answer", i+1, key.version, key.aal, key.step)
			}
			kept = append(kept, fmt.Sprintf("%s %s %s", key.step, key.version, key.aal))
			continue
		}
		b.WriteString("```text\n")
		b.WriteString(strings.TrimRight(ans, "\n"))
		b.WriteString("\n")
		i = end - 1 // the closing fence is written by the loop
	}
	return strings.TrimSuffix(b.String(), "\n"), kept, nil
}
