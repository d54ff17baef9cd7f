package contract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/machine"
)

// dts is web/orylogin.d.ts without its comments.
func dts(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../web/orylogin.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	return regexp.MustCompile(`(?m)//.*$`).ReplaceAllString(s, "")
}

var quoted = regexp.MustCompile(`"([^"]*)"`)

// union returns the string members of `export type name = ...;`.
func union(t *testing.T, src, name string) []string {
	t.Helper()
	m := regexp.MustCompile(`export type ` + name + ` =([^;]*);`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("orylogin.d.ts has no type %s", name)
	}
	return strings0(quoted.FindAllStringSubmatch(m[1], -1))
}

func strings0(ms [][]string) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m[1])
	}
	return out
}

// members returns the member names of `interface name ... {`, at the
// interface's own depth only.
func members(t *testing.T, src, name string) []string {
	t.Helper()
	loc := regexp.MustCompile(`interface ` + name + `\b[^{]*\{`).FindStringIndex(src)
	if loc == nil {
		t.Fatalf("orylogin.d.ts has no interface %s", name)
	}
	var top strings.Builder
	depth := 1
	for _, r := range src[loc[1]:] {
		switch r {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
		}
		if depth == 0 {
			break
		}
		if depth == 1 && r != '}' && r != ')' && r != ']' {
			top.WriteRune(r)
		}
	}
	re := regexp.MustCompile(`^(?:readonly\s+)?(?:"([^"]+)"|(\w+))\??\s*[:(<]`)
	var out []string
	for _, stmt := range regexp.MustCompile(`[;\n]`).Split(top.String(), -1) {
		if m := re.FindStringSubmatch(strings.TrimSpace(stmt)); m != nil && !slices.Contains(out, m[1]+m[2]) {
			out = append(out, m[1]+m[2])
		}
	}
	return out
}

// same fails t unless got and want hold the same strings.
func same[T ~string](t *testing.T, what string, goSide []T, ts []string) {
	t.Helper()
	g := make([]string, len(goSide))
	for i, v := range goSide {
		g[i] = string(v)
	}
	slices.Sort(g)
	w := slices.Clone(ts)
	slices.Sort(w)
	for _, x := range g {
		if !slices.Contains(w, x) {
			t.Errorf("%s: Go has %q, orylogin.d.ts does not", what, x)
		}
	}
	for _, x := range w {
		if !slices.Contains(g, x) {
			t.Errorf("%s: orylogin.d.ts has %q, Go does not", what, x)
		}
	}
}

// machineConsts returns the values of the machine's constants of type typ,
// read from its source, so that a step added there and not here is found.
func machineConsts(t *testing.T, typ string) []string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), "../machine", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
						continue
					}
					for _, v := range vs.Values {
						if lit, ok := v.(*ast.BasicLit); ok {
							s, _ := strconv.Unquote(lit.Value)
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no constants of type %s in ../machine", typ)
	}
	return out
}

// jsonNames returns the JSON names of v's fields.
func jsonNames(v any) []string {
	var out []string
	rt := reflect.TypeOf(v)
	for i := range rt.NumField() {
		out = append(out, strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
	}
	return out
}

// TestDTSUnionsMatchGo holds orylogin.d.ts's unions and shapes against the
// Go side: a member on one side only fails.
func TestDTSUnionsMatchGo(t *testing.T) {
	src := dts(t)
	same(t, "Step (machine's constants)", machineConsts(t, "Step"), union(t, src, "Step"))
	same(t, "Step (contract.Steps)", Steps, union(t, src, "Step"))
	same(t, "ErrorCode (machine's constants)", machineConsts(t, "Code"), union(t, src, "ErrorCode"))
	same(t, "ErrorCode (machine.Codes)", machine.Codes, union(t, src, "ErrorCode"))
	same(t, "Method (machine's constants)", machineConsts(t, "Method"), union(t, src, "Method"))
	same(t, "Method (machine.AllMethods)", machine.AllMethods, union(t, src, "Method"))
	same(t, "AAL", []AAL{AAL1, AAL2}, union(t, src, "AAL"))
	same(t, "FlowKind", []machine.FlowKind{machine.FlowBrowser, machine.FlowAPI}, union(t, src, "FlowKind"))
	same(t, "Client members", append(slices.Clone(Calls), SyncMembers...), members(t, src, "Client"))
	same(t, "element events", ElementEvents, members(t, src, "OryLoginElementEventMap"))

	on := regexp.MustCompile(`\bon\(event: ([^,]*),`).FindStringSubmatch(src)
	if on == nil {
		t.Fatal("orylogin.d.ts has no on(event: ...)")
	}
	same(t, "client events", []string{EventChange}, strings0(quoted.FindAllStringSubmatch(on[1], -1)))
	attrs := regexp.MustCompile(`observedAttributes: readonly \[([^\]]*)\]`).FindStringSubmatch(src)
	if attrs == nil {
		t.Fatal("orylogin.d.ts has no observedAttributes")
	}
	if got := strings0(quoted.FindAllStringSubmatch(attrs[1], -1)); !slices.Equal(got, Attributes) {
		t.Errorf("observedAttributes: orylogin.d.ts %q, Go %q", got, Attributes)
	}
	msgType := regexp.MustCompile(`type: ([^;]*);`).FindStringSubmatch(src[strings.Index(src, "interface Message "):])
	same(t, "Message.type", []string{MessageInfo, MessageError, MessageSuccess}, strings0(quoted.FindAllStringSubmatch(msgType[1], -1)))

	for name, v := range map[string]any{"State": State{}, "Message": Message{}, "Session": Session{}, "Identity": Identity{}} {
		same(t, name+" fields", jsonNames(v), members(t, src, name))
	}
}

// TestDTSParserSeesDrift: the readers above find a member added on one
// side only (guard against a vacuous pass).
func TestDTSParserSeesDrift(t *testing.T) {
	src := `export type Step = "a" | "b";
interface Client { x(o?: { y?: string; z: number }): Promise<State>; readonly state: State; on(event: "change", l: (s: State) => void): () => void; }`
	if got := union(t, src, "Step"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("union = %q", got)
	}
	if got := members(t, src, "Client"); !slices.Equal(got, []string{"x", "state", "on"}) {
		t.Errorf("members = %q", got)
	}
}
