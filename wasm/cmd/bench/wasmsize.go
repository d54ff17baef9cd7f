//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// pkgSize is what one Go package adds to orylogin.wasm: Code is its
// functions' bodies in the code section (exact, from the name section of an
// unstripped build), Data its reachable data symbols (type descriptors,
// strings, tables; from the linker's -dumpdep and the sizes in the
// package's object file, so approximate: the linker dedups and aligns).
type pkgSize struct {
	Package string `json:"package"`
	Code    int    `json:"code"`
	Data    int    `json:"data"`
}

// moduleSizes is the size report of one wasm build.
type moduleSizes struct {
	Sections   map[string]int `json:"sections"`   // bytes per wasm section (custom ones by name)
	CodeTotal  int            `json:"codeTotal"`  // sum of function bodies
	DataTotal  int            `json:"dataTotal"`  // data section
	DataByPkgs int            `json:"dataByPkgs"` // the part of DataTotal the packages explain; the rest is the linker's tables (pclntab, …)
	Packages   []pkgSize      `json:"packages"`   // biggest first (code + data)
}

// analyzeModule builds ./wasm/cmd/orylogin unstripped (the same flags as
// ./build.sh build but without -s -w, which drop the name section) and
// attributes its bytes to Go packages.
func analyzeModule(ctx context.Context, work string, goFlags []string) (*moduleSizes, error) {
	env := append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	wasm := filepath.Join(work, "orylogin.sym.wasm")
	args := append([]string{"build"}, goFlags...)
	build := exec.CommandContext(ctx, "go", append(args, "-trimpath", "-ldflags=-dumpdep", "-o", wasm, "./wasm/cmd/orylogin")...)
	build.Env = env
	var deps bytes.Buffer
	build.Stderr = &deps
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("unstripped build: %v: %s", err, tail(deps.String(), 2000))
	}
	args = append([]string{"list"}, goFlags...)
	list := exec.CommandContext(ctx, "go", append(args, "-deps", "-export", "-f", "{{.ImportPath}} {{.Export}}", "./wasm/cmd/orylogin")...)
	list.Env = env
	list.Stderr = os.Stderr
	out, err := list.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	exports := map[string]string{} // import path -> object file
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, f, ok := strings.Cut(line, " "); ok && f != "" {
			exports[p] = f
		}
	}
	pkgs := make([]string, 0, len(exports))
	for p := range exports {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)

	b, err := os.ReadFile(wasm)
	if err != nil {
		return nil, err
	}
	m, err := parseWasm(b)
	if err != nil {
		return nil, err
	}
	if len(m.funcs) == 0 || m.funcs["(unnamed)"] > 0 {
		return nil, errors.New("the unstripped build has no function names")
	}
	sizes := map[string]*pkgSize{}
	get := func(p string) *pkgSize {
		if sizes[p] == nil {
			sizes[p] = &pkgSize{Package: p}
		}
		return sizes[p]
	}
	mangled := map[string]string{} // the linker's name-section spelling -> import path
	for _, p := range pkgs {
		mangled[wasmName.ReplaceAllString(p, "_")] = p
	}
	for name, n := range m.funcs {
		get(pkgOfMangled(name, mangled)).Code += n
	}
	data, err := dataByPackage(ctx, deps.Bytes(), exports, pkgs)
	if err != nil {
		return nil, err
	}
	explained := 0
	for p, n := range data {
		get(p).Data += n
		explained += n
	}
	r := &moduleSizes{Sections: m.sections, CodeTotal: m.code, DataTotal: m.sections["data"], DataByPkgs: explained}
	for _, s := range sizes {
		r.Packages = append(r.Packages, *s)
	}
	sort.Slice(r.Packages, func(i, j int) bool {
		a, b := r.Packages[i], r.Packages[j]
		if a.Code+a.Data != b.Code+b.Data {
			return a.Code+a.Data > b.Code+b.Data
		}
		return a.Package < b.Package
	})
	return r, nil
}

// wasmName is what Go's wasm linker replaces with "_" in function names
// (cmd/link/internal/wasm: nameRegexp).
var wasmName = regexp.MustCompile(`[^\w.]`)

// pkgOfMangled returns the import path whose mangled form is the longest
// prefix of a name-section function name, or "(runtime assembly)".
func pkgOfMangled(name string, mangled map[string]string) string {
	best := ""
	for m := range mangled {
		if len(m) > len(best) && strings.HasPrefix(name, m+".") {
			best = m
		}
	}
	if best == "" {
		return "(runtime assembly)"
	}
	return mangled[best]
}

// wasmModule is what parseWasm reads.
type wasmModule struct {
	sections map[string]int
	funcs    map[string]int // function name -> body size (bytes in the code section)
	code     int
}

// parseWasm reads the section sizes, the function bodies' sizes and the
// name section's function names.
func parseWasm(b []byte) (*wasmModule, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	names := [...]string{"custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"}
	m := &wasmModule{sections: map[string]int{}, funcs: map[string]int{}}
	var bodies []int
	imported := 0
	fnames := map[int]string{}
	r := &reader{b: b, i: 8}
	for r.i < len(b) {
		id := r.byte()
		n := r.uleb()
		sec := &reader{b: r.take(n)}
		if r.err != nil {
			return nil, r.err
		}
		name := "unknown"
		if int(id) < len(names) {
			name = names[id]
		}
		switch id {
		case 0:
			name = "custom:" + string(sec.take(sec.uleb()))
			if name == "custom:name" {
				for sec.i < len(sec.b) && sec.err == nil {
					sub, sz := sec.byte(), sec.uleb()
					ss := &reader{b: sec.take(sz)}
					if sub != 1 {
						continue
					}
					for c := ss.uleb(); c > 0 && ss.err == nil; c-- {
						idx := ss.uleb()
						fnames[idx] = string(ss.take(ss.uleb()))
					}
				}
			}
		case 2:
			for c := sec.uleb(); c > 0 && sec.err == nil; c-- {
				sec.take(sec.uleb()) // module
				sec.take(sec.uleb()) // field
				switch kind := sec.byte(); kind {
				case 0: // func: type index
					sec.uleb()
					imported++
				case 1: // table: reftype, limits
					sec.byte()
					sec.limits()
				case 2: // memory
					sec.limits()
				case 3: // global: valtype, mut
					sec.byte()
					sec.byte()
				default:
					return nil, fmt.Errorf("import kind %d", kind)
				}
			}
		case 10:
			for c := sec.uleb(); c > 0 && sec.err == nil; c-- {
				sz := sec.uleb()
				sec.take(sz)
				bodies = append(bodies, sz)
				m.code += sz
			}
		}
		if sec.err != nil {
			return nil, fmt.Errorf("section %s: %w", name, sec.err)
		}
		m.sections[name] += n
	}
	for i, sz := range bodies {
		name, ok := fnames[imported+i]
		if !ok {
			name = "(unnamed)"
		}
		m.funcs[name] += sz
	}
	return m, nil
}

// reader reads wasm's encodings; the first error sticks.
type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || r.i >= len(r.b) {
		r.err = errors.New("truncated")
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *reader) uleb() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.err = errors.New("bad LEB128")
		return 0
	}
	r.i += n
	return int(v)
}

func (r *reader) take(n int) []byte {
	if r.err != nil || n < 0 || r.i+n > len(r.b) {
		r.err = errors.New("truncated")
		return nil
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

func (r *reader) limits() {
	if r.byte()&1 == 1 {
		r.uleb()
	}
	r.uleb()
}

// dataByPackage sums, per package, the sizes of the data symbols (nm types
// R and D: read-only and initialised data; B is zeroed memory, not in the
// file) that the linker's -dumpdep output says are reachable. A symbol
// defined in several object files (types, strings) counts once.
func dataByPackage(ctx context.Context, dumpdep []byte, exports map[string]string, pkgs []string) (map[string]int, error) {
	reachable := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(dumpdep))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if from, to, ok := strings.Cut(sc.Text(), " -> "); ok {
			reachable[from], reachable[to] = true, true
		}
	}
	if len(reachable) == 0 {
		return nil, errors.New("-dumpdep printed nothing")
	}
	// nm per package, in parallel; merged in pkgs order, so a symbol that
	// several objects define counts once, for the same package every run.
	texts := make([][]byte, len(pkgs))
	errs := make([]error, len(pkgs))
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			texts[i], errs[i] = exec.CommandContext(ctx, "go", "tool", "nm", "-size", exports[p]).Output()
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	out := map[string]int{}
	for i, p := range pkgs {
		if errs[i] != nil {
			return nil, fmt.Errorf("go tool nm %s: %w", p, errs[i])
		}
		for _, line := range strings.Split(string(texts[i]), "\n") {
			// "  addr size T name" (addr is blank for undefined symbols)
			f := strings.Fields(line)
			if len(f) < 4 || (f[2] != "R" && f[2] != "D") {
				continue
			}
			name := strings.Join(f[3:], " ")
			if !reachable[name] || seen[name] {
				continue
			}
			seen[name] = true
			size, err := strconv.Atoi(f[1])
			if err != nil {
				continue
			}
			out[dataOwner(name, p, pkgs)] += size
		}
	}
	return out, nil
}

// dataOwner names the package a data symbol belongs to: a type's package
// for type descriptors, "(strings)" for string literals shared by content,
// else the package whose object defines it.
func dataOwner(sym, definer string, pkgs []string) string {
	switch {
	case strings.HasPrefix(sym, "go:string."):
		return "(string literals)"
	case strings.HasPrefix(sym, "type:"), strings.HasPrefix(sym, "go:itab."):
		s := strings.TrimPrefix(strings.TrimPrefix(sym, "go:itab."), "type:")
		s = strings.TrimPrefix(s, ".namedata.")
		s = strings.TrimLeft(s, "*[]0123456789")
		if cut := strings.IndexAny(s, "[(,; {"); cut >= 0 {
			s = s[:cut]
		}
		best := ""
		for _, p := range pkgs {
			if len(p) > len(best) && strings.HasPrefix(s, p+".") {
				best = p
			}
		}
		if best != "" {
			return best
		}
		return "(unnamed types)"
	}
	return definer
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
