//go:build !js

package main

import (
	"fmt"
	"math"
)

// verdict is one budget line: Value against Limit (met when not above it).
type verdict struct {
	Line   string  `json:"line"`
	Limit  float64 `json:"limit"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`             // "ms", "x", "bytes", "callbacks"
	Detail string  `json:"detail,omitempty"` // what the value is made of
	Met    bool    `json:"met"`
	// Known says whether the run measured it (a quick run with no memory
	// points past the first, say, does not): an unknown line is not met.
	Known bool `json:"known"`
}

// The budget of issue 15 (its "Budget" section).
const (
	budgetStepMs      = 1.0     // overhead over the plain-fetch floor, median, every step
	budgetRatio       = 1.15    // whole login, orylogin / plain fetch, medians
	budgetCoreBrotli  = 900_000 // bytes (KB = 1000 bytes, as the 1,072 KB): what a page with the JS API and <ory-login> downloads
	budgetColdXHello  = 1.25    // time to ready cold, / the smallest Go program loaded the same way
	budgetWarmXHello  = 1.3     // the same, warm
	budgetGrowthBytes = 0       // wasm memory growth from call 100 to 500
	budgetLeaked      = 0       // live callbacks added by the calls
)

// budget judges the report against issue 15's budget.
func budget(r *report) []verdict {
	var v []verdict
	for _, s := range r.Login.Steps {
		v = append(v, verdict{
			Line: "overhead per step, " + s.Step, Limit: budgetStepMs, Value: s.Overhead, Unit: "ms", Known: s.Orylogin.N > 0,
			Detail: fmt.Sprintf("%.2f − %.2f ms, medians; paired %+.2f ms", s.Orylogin.Median, s.Baseline.Median, s.Paired),
		})
	}
	t := r.Login.Total
	v = append(v, verdict{
		Line: "whole-login ratio to the plain-fetch floor", Limit: budgetRatio, Value: r.Login.Ratio, Unit: "x", Known: t.Baseline.Median > 0,
		Detail: fmt.Sprintf("%.1f / %.1f ms, medians", t.Orylogin.Median, t.Baseline.Median),
	})
	v = append(v, verdict{
		Line: "brotli of what a page with <ory-login> downloads", Limit: budgetCoreBrotli, Value: float64(r.Size.ElementBrotli), Unit: "bytes",
		Known: len(r.Size.ElementFiles) > 0, Detail: fmt.Sprintf("%d files, offline artifacts not counted", len(r.Size.ElementFiles)),
	})
	rd := r.Ready
	v = append(v, readyVerdict("time to ready, cold, × the smallest Go program", budgetColdXHello, rd.Cold, rd.HelloCold))
	v = append(v, readyVerdict("time to ready, warm, × the smallest Go program", budgetWarmXHello, rd.Warm, rd.HelloWarm))
	if n := len(r.Memory); n >= 3 {
		// The points are calls 100 and 500 (else the last two);
		// later points show where the memory levels off.
		ia, ib := n-2, n-1
		for i, m := range r.Memory {
			switch m.Calls {
			case 100:
				ia = i
			case 500:
				ib = i
			}
		}
		a, b := r.Memory[ia], r.Memory[ib]
		detail := fmt.Sprintf("%s → %s bytes", num(int64(a.WasmMemoryBytes)), num(int64(b.WasmMemoryBytes)))
		if ib < n-1 {
			c, d := r.Memory[n-2], r.Memory[n-1]
			detail += fmt.Sprintf("; call %d to %d: %s bytes", c.Calls, d.Calls, num(int64(d.WasmMemoryBytes-c.WasmMemoryBytes)))
		}
		v = append(v, verdict{
			Line:  fmt.Sprintf("wasm memory growth, call %d to %d", a.Calls, b.Calls),
			Limit: budgetGrowthBytes, Value: b.WasmMemoryBytes - a.WasmMemoryBytes, Unit: "bytes", Known: true,
			Detail: detail,
		})
	} else {
		v = append(v, verdict{Line: "wasm memory growth", Limit: budgetGrowthBytes, Unit: "bytes", Detail: "fewer than 3 memory points"})
	}
	if len(r.Memory) >= 2 {
		leaked := math.Inf(-1)
		for _, m := range r.Memory[1:] {
			leaked = max(leaked, float64(m.LiveCallbacks-r.Memory[0].LiveCallbacks))
		}
		v = append(v, verdict{
			Line: "live callbacks added by the calls", Limit: budgetLeaked, Value: leaked, Unit: "callbacks", Known: true,
			Detail: fmt.Sprintf("most over the %d before the first call", r.Memory[0].LiveCallbacks),
		})
	} else {
		v = append(v, verdict{Line: "live callbacks added by the calls", Limit: budgetLeaked, Unit: "callbacks", Detail: "no memory points"})
	}
	for i := range v {
		v[i].Met = v[i].Known && v[i].Value <= v[i].Limit
	}
	return v
}

// readyVerdict is a time-to-ready line: the median over the floor's median.
func readyVerdict(line string, limit float64, ready, floor dist) verdict {
	v := verdict{Line: line, Limit: limit, Unit: "x", Known: ready.N > 0 && floor.Median > 0,
		Detail: fmt.Sprintf("%.1f / %.1f ms, medians", ready.Median, floor.Median)}
	if v.Known {
		v.Value = ready.Median / floor.Median
	}
	return v
}

// state says met or missed, and by how much.
func (v verdict) state() string {
	switch {
	case !v.Known:
		return "NOT MEASURED"
	case v.Met:
		return "met, " + fmtValue(v.Limit-v.Value, v.Unit) + " to spare"
	}
	return "MISSED by " + fmtValue(v.Value-v.Limit, v.Unit)
}
