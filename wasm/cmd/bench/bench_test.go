//go:build !js

package main

import (
	"math"
	"testing"
)

// A hand-made module: one imported function, two defined ones with bodies
// of 4 and 2 bytes, a name section naming them, and a data section.
var tinyModule = []byte{
	0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00,
	// type: one func type () -> ()
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
	// import: "m"."f" func type 0
	0x02, 0x07, 0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00,
	// function: two funcs of type 0
	0x03, 0x03, 0x02, 0x00, 0x00,
	// code: bodies of 4 and 2 bytes (sizes prefixed)
	0x0a, 0x09, 0x02, 0x04, 0x00, 0x01, 0x01, 0x0b, 0x02, 0x00, 0x0b,
	// data: one active segment of 3 bytes at offset 0
	0x0b, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 'x', 'y', 'z',
	// custom "name", function names subsection: 1 -> "a_b.F", 2 -> "runtime.g"
	0x00, 0x1a, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x13, 0x02,
	0x01, 0x05, 'a', '_', 'b', '.', 'F',
	0x02, 0x09, 'r', 'u', 'n', 't', 'i', 'm', 'e', '.', 'g',
}

func TestParseWasm(t *testing.T) {
	m, err := parseWasm(tinyModule)
	if err != nil {
		t.Fatal(err)
	}
	if m.code != 6 || m.funcs["a_b.F"] != 4 || m.funcs["runtime.g"] != 2 || len(m.funcs) != 2 {
		t.Errorf("code %d, funcs %v; want 6 bytes: a_b.F 4, runtime.g 2", m.code, m.funcs)
	}
	if m.sections["data"] != 9 || m.sections["custom:name"] != 0x1a {
		t.Errorf("sections %v", m.sections)
	}
	if _, err := parseWasm(tinyModule[:len(tinyModule)-3]); err == nil {
		t.Error("a truncated module parsed")
	}
}

func TestPackageOf(t *testing.T) {
	pkgs := []string{"a/b", "a/b/c", "github.com/ory/client-go", "runtime", "encoding/json"}
	mangled := map[string]string{}
	for _, p := range pkgs {
		mangled[wasmName.ReplaceAllString(p, "_")] = p
	}
	for name, want := range map[string]string{
		"a_b.F":        "a/b",
		"a_b_c.__T_.M": "a/b/c",
		"github.com_ory_client_go.__LoginFlow_.UnmarshalJSON": "github.com/ory/client-go",
		"wasm_pc_f_loop": "(runtime assembly)",
	} {
		if got := pkgOfMangled(name, mangled); got != want {
			t.Errorf("pkgOfMangled(%q) = %q, want %q", name, got, want)
		}
	}
	for sym, want := range map[string]string{
		`go:string."abc"`:                       "(string literals)",
		"type:*github.com/ory/client-go.UiNode": "github.com/ory/client-go",
		"type:[]encoding/json.field":            "encoding/json",
		"go:itab.*a/b/c.T,a/b.I":                "a/b/c",
		"type:struct { X int }":                 "(unnamed types)",
		"runtime.firstmoduledata":               "runtime",
	} {
		if got := dataOwner(sym, "runtime", pkgs); got != want {
			t.Errorf("dataOwner(%q) = %q, want %q", sym, got, want)
		}
	}
}

func TestSummarize(t *testing.T) {
	d := summarize([]float64{5, 1, 4, 2, 3})
	if d.N != 5 || d.Median != 3 || d.P25 != 2 || d.P75 != 4 || d.Min != 1 || d.Max != 5 {
		t.Errorf("summarize = %+v", d)
	}
	if d := summarize([]float64{1, 2}); math.Abs(d.Median-1.5) > 1e-9 {
		t.Errorf("median of 1, 2 = %v", d.Median)
	}
	if d := summarize(nil); d.N != 0 {
		t.Errorf("summarize(nil) = %+v", d)
	}
}

func TestLoginStats(t *testing.T) {
	step := func(ms float64) map[string]float64 {
		m := map[string]float64{}
		for _, s := range stepNames {
			m[s] = ms
		}
		return m
	}
	raw := &rawResults{
		Orylogin: []map[string]float64{step(11), step(12), step(13)},
		Baseline: []map[string]float64{step(10), step(10), step(10)},
		Requests: []map[string]int{{"startLogin": 1, "submitPassword": 1, "startStepUp": 1, "sendCode": 1, "submitCode": 1, "whoami": 1}},
	}
	l := loginStats(raw)
	if l.Rounds != 3 || l.Total.Overhead != 12 || math.Abs(l.Ratio-1.2) > 1e-9 || !l.OneRequestPerStep {
		t.Errorf("rounds %d, total overhead %v, ratio %v, one request %v", l.Rounds, l.Total.Overhead, l.Ratio, l.OneRequestPerStep)
	}
	if l.Steps[0].Overhead != 2 || l.Steps[0].Paired != 2 {
		t.Errorf("startLogin: %+v", l.Steps[0])
	}
	raw.Requests[0]["sendCode"] = 2
	if loginStats(raw).OneRequestPerStep {
		t.Error("two requests in a step went unnoticed")
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4446: "-4,446"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestBudget(t *testing.T) {
	raw := &rawResults{}
	for range 3 {
		o, b := map[string]float64{}, map[string]float64{}
		for i, s := range stepNames {
			o[s], b[s] = 10+float64(i)*0.5, 10 // startLogin +0, …, whoami +2.5 ms
		}
		raw.Orylogin, raw.Baseline = append(raw.Orylogin, o), append(raw.Baseline, b)
	}
	r := &report{
		Login: loginStats(raw),
		Size:  sizeReport{ElementFiles: []fileSize{{Name: "orylogin.wasm", Brotli: 899_000}}, ElementBrotli: 899_000},
		Ready: readyReport{Cold: dist{N: 1, Median: 130}, HelloCold: dist{N: 1, Median: 100}, Warm: dist{N: 1, Median: 120}, HelloWarm: dist{N: 1, Median: 100}},
		Memory: []memPoint{{Calls: 0, LiveCallbacks: 25}, {Calls: 1, LiveCallbacks: 25}, {Calls: 100, WasmMemoryBytes: 7e6, LiveCallbacks: 26},
			{Calls: 500, WasmMemoryBytes: 7e6, LiveCallbacks: 25}},
	}
	got := map[string]verdict{}
	for _, v := range budget(r) {
		got[v.Line] = v
	}
	if len(got) != len(stepNames)+6 {
		t.Fatalf("%d budget lines, want one per step and 6 more: %v", len(got), got)
	}
	for line, want := range map[string]string{
		"overhead per step, startLogin":                    "met, 1.00 ms to spare",
		"overhead per step, submitPassword":                "met, 0.50 ms to spare",
		"overhead per step, whoami":                        "MISSED by 1.50 ms",
		"whole-login ratio to the plain-fetch floor":       "met, 0.025 to spare", // 67.5 / 60
		"brotli of what a page with <ory-login> downloads": "met, 1,000 to spare",
		"time to ready, cold, × the smallest Go program":   "MISSED by 0.050",
		"time to ready, warm, × the smallest Go program":   "met, 0.100 to spare",
		"wasm memory growth, call 100 to 500":              "met, 0 to spare",
		"live callbacks added by the calls":                "MISSED by 1",
	} {
		if s := got[line].state(); s != want {
			t.Errorf("%s: %s, want %s (%+v)", line, s, want, got[line])
		}
	}
	if v := budget(&report{})[0]; v.Known || v.Met || v.state() != "NOT MEASURED" {
		t.Errorf("a run without rounds: %+v, %s", v, v.state())
	}
}
