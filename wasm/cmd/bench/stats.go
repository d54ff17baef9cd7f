//go:build !js

package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// dist summarises samples: the median and the spread.
type dist struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P25    float64 `json:"p25"`
	P75    float64 `json:"p75"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func summarize(xs []float64) dist {
	if len(xs) == 0 {
		return dist{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return dist{N: len(s), Median: quantile(s, 0.5), P25: quantile(s, 0.25), P75: quantile(s, 0.75), Min: s[0], Max: s[len(s)-1]}
}

// quantile interpolates linearly between the sorted samples.
func quantile(s []float64, q float64) float64 {
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// readyReport is time to ready, in ms since navigation start.
type readyReport struct {
	Cold        dist `json:"cold"`
	Warm        dist `json:"warm"`
	ColdWasmReq dist `json:"coldWasmRequest"` // when the wasm's request went out
	WarmWasmReq dist `json:"warmWasmRequest"`
	ColdWasmEnd dist `json:"coldWasmEnd"` // when its last byte had arrived
	WarmWasmEnd dist `json:"warmWasmEnd"`
	FloorCold   dist `json:"floorCold"` // the same page without orylogin
	FloorWarm   dist `json:"floorWarm"`
	HelloCold   dist `json:"helloCold"` // the smallest Go program, loaded the same way
	HelloWarm   dist `json:"helloWarm"`
}

func readyStats(r readySamples) readyReport {
	pick := func(xs []readySample, f func(readySample) *float64) dist {
		var v []float64
		for _, x := range xs {
			if p := f(x); p != nil {
				v = append(v, *p)
			}
		}
		return summarize(v)
	}
	ready := func(x readySample) *float64 { return &x.ReadyMs }
	req := func(x readySample) *float64 { return x.WasmRequestMs }
	end := func(x readySample) *float64 { return x.WasmResponseEndMs }
	return readyReport{
		Cold: pick(r.Cold, ready), Warm: pick(r.Warm, ready),
		ColdWasmReq: pick(r.Cold, req), WarmWasmReq: pick(r.Warm, req),
		ColdWasmEnd: pick(r.Cold, end), WarmWasmEnd: pick(r.Warm, end),
		FloorCold: pick(r.FloorCold, ready), FloorWarm: pick(r.FloorWarm, ready),
		HelloCold: pick(r.HelloCold, ready), HelloWarm: pick(r.HelloWarm, ready),
	}
}

// stepNames are the timed steps, in order (web/bench/bench.js's STEPS).
var stepNames = []string{"startLogin", "submitPassword", "startStepUp", "sendCode", "submitCode", "whoami"}

// stepRow compares one step (or "total").
type stepRow struct {
	Step     string  `json:"step"`
	Orylogin dist    `json:"orylogin"`
	Baseline dist    `json:"baseline"`
	Overhead float64 `json:"overheadMs"` // median(orylogin) - median(baseline)
	Paired   float64 `json:"pairedMs"`   // median over rounds of (orylogin - baseline) in the same round
	Requests []int   `json:"requests,omitempty"`
}

// loginReport is the login against the floor.
type loginReport struct {
	Rounds int       `json:"rounds"` // per side
	Steps  []stepRow `json:"steps"`
	Total  stepRow   `json:"total"`
	Ratio  float64   `json:"ratio"` // median total orylogin / median total baseline
	// OneRequestPerStep says that orylogin made exactly one HTTP request per
	// step in every round, as the baseline does.
	OneRequestPerStep bool `json:"oneRequestPerStep"`
}

func loginStats(raw *rawResults) loginReport {
	r := loginReport{Rounds: min(len(raw.Orylogin), len(raw.Baseline)), OneRequestPerStep: len(raw.Requests) > 0}
	row := func(name string, of func(map[string]float64) float64) stepRow {
		var o, b, d []float64
		for i := range r.Rounds {
			x, y := of(raw.Orylogin[i]), of(raw.Baseline[i])
			o, b, d = append(o, x), append(b, y), append(d, x-y)
		}
		s := stepRow{Step: name, Orylogin: summarize(o), Baseline: summarize(b), Paired: summarize(d).Median}
		s.Overhead = s.Orylogin.Median - s.Baseline.Median
		return s
	}
	for _, name := range stepNames {
		s := row(name, func(m map[string]float64) float64 { return m[name] })
		counts := map[int]bool{}
		for _, req := range raw.Requests {
			counts[req[name]] = true
			if req[name] != 1 {
				r.OneRequestPerStep = false
			}
		}
		for c := range counts {
			s.Requests = append(s.Requests, c)
		}
		sort.Ints(s.Requests)
		r.Steps = append(r.Steps, s)
	}
	r.Total = row("total", func(m map[string]float64) float64 {
		t := 0.0
		for _, name := range stepNames {
			t += m[name]
		}
		return t
	})
	if r.Total.Baseline.Median > 0 {
		r.Ratio = r.Total.Orylogin.Median / r.Total.Baseline.Median
	}
	return r
}

// verdict is one budget line.
type verdict struct {
	Line  string  `json:"line"`
	Limit float64 `json:"limit"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Met   bool    `json:"met"`
}

// Budget of issue 7.
const (
	budgetRatio       = 1.05
	budgetStepMs      = 1.0
	budgetBrotliBytes = 1_500_000
	budgetColdMs      = 200
	budgetWarmMs      = 100
	budgetGrowthBytes = 1 << 20
)

func budget(r *report) []verdict {
	worst := math.Inf(-1)
	for _, s := range r.Login.Steps {
		worst = max(worst, s.Overhead)
	}
	v := []verdict{
		{Line: "login overhead ratio (median total)", Limit: budgetRatio, Value: r.Login.Ratio, Unit: "x"},
		{Line: "overhead of the worst step (median)", Limit: budgetStepMs, Value: worst, Unit: "ms"},
		{Line: "brotli of everything the demo page downloads", Limit: budgetBrotliBytes, Value: float64(r.Size.PageBrotli), Unit: "bytes"},
		{Line: "time to ready, cold (median)", Limit: budgetColdMs, Value: r.Ready.Cold.Median, Unit: "ms"},
		{Line: "time to ready, warm (median)", Limit: budgetWarmMs, Value: r.Ready.Warm.Median, Unit: "ms"},
	}
	if n := len(r.Memory); n >= 2 {
		a, b := r.Memory[n-2], r.Memory[n-1]
		v = append(v, verdict{
			Line:  fmt.Sprintf("wasm memory growth, call %d to %d", a.Calls, b.Calls),
			Limit: budgetGrowthBytes, Value: b.WasmMemoryBytes - a.WasmMemoryBytes, Unit: "bytes",
		})
		leaked := 0.0
		for _, m := range r.Memory[1:] {
			leaked = max(leaked, float64(m.LiveCallbacks-r.Memory[0].LiveCallbacks))
		}
		v = append(v, verdict{Line: "live callbacks added by calls", Limit: 0, Value: leaked, Unit: "callbacks"})
	}
	for i := range v {
		v[i].Met = v[i].Value <= v[i].Limit
	}
	return v
}

// printTable writes the report for people.
func printTable(w io.Writer, r *report) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	m := r.Machine
	p("\norylogin bench, %s: %s, %s, %d cores (%s), load %s → %s\n", m.Time.Format("2006-01-02 15:04 UTC"), m.Go, "Chromium "+m.Chromium, m.Cores, m.CPU, m.LoadStart, m.LoadEnd)
	if r.Quick {
		p("QUICK RUN (BENCH_QUICK=1): tiny counts, the figures below mean nothing\n")
	}

	p("\nSize (bytes)                      raw     gzip -9  brotli -11\n")
	for _, f := range r.Size.Files {
		p("  %-22s %12s %11s %11s\n", f.Name, num(f.Raw), num(f.Gzip), num(f.Brotli))
	}
	p("  %-22s %12s %11s %11s   (orylogin.wasm + wasm_exec.js + orylogin.js)\n", "module total", "", "", num(r.Size.ModuleBrotli))
	names := make([]string, len(r.Size.PageFiles))
	for i, f := range r.Size.PageFiles {
		names[i] = f.Name
	}
	p("  %-22s %12s %11s %11s   (%d files: %s)\n", "demo page total", "", "", num(r.Size.PageBrotli), len(names), strings.Join(names, ", "))

	mod := r.Module
	p("\norylogin.wasm by Go package (code section %s bytes, exact; data section %s bytes, %s of it by package, the rest linker tables)\n",
		num(int64(mod.CodeTotal)), num(int64(mod.DataTotal)), num(int64(mod.DataByPkgs)))
	p("  %-52s %10s %9s %6s\n", "package", "code", "data", "share")
	total := float64(mod.CodeTotal + mod.DataTotal)
	for i, s := range mod.Packages {
		if i == 15 {
			break
		}
		p("  %-52s %10s %9s %5.1f%%\n", s.Package, num(int64(s.Code)), num(int64(s.Data)), 100*float64(s.Code+s.Data)/total)
	}

	rd := r.Ready
	p("\nTime to ready, ms from navigation start to load() resolving (median, p25–p75, min–max)\n")
	p("  cold  %s   wasm requested at %s, downloaded at %s\n", fmtDist(rd.Cold), fmtMs(rd.ColdWasmReq.Median), fmtMs(rd.ColdWasmEnd.Median))
	p("  warm  %s   wasm requested at %s, downloaded at %s\n", fmtDist(rd.Warm), fmtMs(rd.WarmWasmReq.Median), fmtMs(rd.WarmWasmEnd.Median))
	p("  floors (medians): the same page with an empty module instead: cold %.1f, warm %.1f;\n", rd.FloorCold.Median, rd.FloorWarm.Median)
	p("    with the smallest Go program (%s bytes brotli) loaded the same way: cold %.1f, warm %.1f\n", num(r.Size.Hello.Brotli), rd.HelloCold.Median, rd.HelloWarm.Median)

	l := r.Login
	p("\nLogin against the plain-fetch floor, ms (medians of %d rounds each, interleaved; overhead = difference of medians, paired = median of per-round differences)\n", l.Rounds)
	p("  %-15s %9s %9s %9s %9s %9s\n", "step", "orylogin", "baseline", "overhead", "paired", "requests")
	for _, s := range append(append([]stepRow(nil), l.Steps...), l.Total) {
		req := ""
		for i, c := range s.Requests {
			if i > 0 {
				req += ","
			}
			req += fmt.Sprint(c)
		}
		p("  %-15s %9.2f %9.2f %+9.2f %+9.2f %9s\n", s.Step, s.Orylogin.Median, s.Baseline.Median, s.Overhead, s.Paired, req)
	}
	p("  ratio %.3f; total spread p25–p75: orylogin %.1f–%.1f, baseline %.1f–%.1f\n", l.Ratio, l.Total.Orylogin.P25, l.Total.Orylogin.P75, l.Total.Baseline.P25, l.Total.Baseline.P75)

	p("\nMemory (OryLogin.stats(); calls by one client: login, then startStepUp and whoami alternately)\n")
	p("  %6s %16s %12s %14s %11s\n", "calls", "wasmMemoryBytes", "heapBytes", "liveCallbacks", "goroutines")
	for _, x := range r.Memory {
		p("  %6d %16s %12s %14d %11d\n", x.Calls, num(int64(x.WasmMemoryBytes)), num(int64(x.HeapBytes)), x.LiveCallbacks, x.Goroutines)
	}

	p("\nBudget (issue 7)\n")
	for _, v := range r.Budget {
		state := "met"
		if !v.Met {
			state = "MISSED by " + fmtValue(v.Value-v.Limit, v.Unit)
		}
		p("  %-46s %12s  limit %-12s %s\n", v.Line, fmtValue(v.Value, v.Unit), fmtValue(v.Limit, v.Unit), state)
	}
}

func fmtDist(d dist) string {
	return fmt.Sprintf("%6.1f  (%.1f–%.1f, %.1f–%.1f, n=%d)", d.Median, d.P25, d.P75, d.Min, d.Max, d.N)
}

func fmtMs(v float64) string { return fmt.Sprintf("%.1f ms", v) }

func fmtValue(v float64, unit string) string {
	switch unit {
	case "bytes":
		return num(int64(v))
	case "x":
		return fmt.Sprintf("%.3f", v)
	case "ms":
		return fmt.Sprintf("%.2f ms", v)
	}
	return fmt.Sprintf("%g", v)
}

// num formats n with thousands separators.
func num(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
