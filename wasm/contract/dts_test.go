package contract

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dts is web/orylogin.d.ts without its // comments.
func dts(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../web/orylogin.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if j := strings.Index(l, "// "); j >= 0 && strings.Count(l[:j], `"`)%2 == 0 {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

// union returns the members of `export type name = "a" | "b";`.
func union(t *testing.T, src, name string) []string {
	t.Helper()
	i := strings.Index(src, "export type "+name+" =")
	if i < 0 {
		t.Fatalf("d.ts has no type %s", name)
	}
	body, _, _ := strings.Cut(src[i:], ";")
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// block returns the body of `export interface name {` up to its closing
// brace at the start of a line.
func block(t *testing.T, src, name string) string {
	t.Helper()
	i := strings.Index(src, "export interface "+name+" ")
	if i < 0 {
		t.Fatalf("d.ts has no interface %s", name)
	}
	body, _, _ := strings.Cut(src[i:], "\n}")
	return body
}

// same fails for every member one side has and the other lacks.
func same[T ~string](t *testing.T, what string, dts []string, goNames []T) {
	t.Helper()
	var g []string
	for _, n := range goNames {
		g = append(g, string(n))
	}
	for _, n := range dts {
		if !slices.Contains(g, n) {
			t.Errorf("%s: d.ts has %q, Go lacks it", what, n)
		}
	}
	for _, n := range g {
		if !slices.Contains(dts, n) {
			t.Errorf("%s: Go has %q, d.ts lacks it", what, n)
		}
	}
	if len(dts) == 0 {
		t.Errorf("%s: nothing read from d.ts", what)
	}
}

// TestDTSMatchesGo holds web/orylogin.d.ts's unions and names equal to the
// Go constants, so neither side gains a member unseen.
func TestDTSMatchesGo(t *testing.T) {
	src := dts(t)
	same(t, "Step", union(t, src, "Step"), Steps)
	same(t, "ErrorCode", union(t, src, "ErrorCode"), Codes)
	same(t, "Method", union(t, src, "Method"), Methods)

	member := regexp.MustCompile(`(?m)^  (?:readonly )?([A-Za-z]+)\??\s*[(:<]`)
	var fns []string
	for _, m := range member.FindAllStringSubmatch(block(t, src, "Client"), -1) {
		fns = append(fns, m[1])
	}
	same(t, "Client", fns, ClientFunctions)

	var events []string
	for _, m := range regexp.MustCompile(`"(orylogin:[a-z]+)"\s*:`).FindAllStringSubmatch(block(t, src, "OryLoginElementEventMap"), -1) {
		events = append(events, m[1])
	}
	same(t, "element events", events, ElementEvents)
	if !strings.Contains(block(t, src, "Client"), `on(event: "`+EventChange+`"`) {
		t.Errorf("d.ts Client.on does not take %q", EventChange)
	}
}

// TestSameFails: the check fails both ways (a guard against a parser that
// reads nothing and passes).
func TestSameFails(t *testing.T) {
	for _, c := range []struct{ dts, goNames []string }{
		{[]string{"a", "b"}, []string{"a"}},
		{[]string{"a"}, []string{"a", "b"}},
		{nil, nil},
	} {
		ft := &testing.T{}
		func() {
			defer func() { recover() }()
			same(ft, "x", c.dts, c.goNames)
		}()
		if !ft.Failed() {
			t.Errorf("same(%v, %v) passed", c.dts, c.goNames)
		}
	}
}
