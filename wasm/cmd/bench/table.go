//go:build !js

package main

import (
	"fmt"
	"io"
	"strings"
)

// printTable writes the report for people.
func printTable(w io.Writer, r *report) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	m := r.Machine
	p("\norylogin bench, %s: %s, %s, %d cores (%s), load %s → %s\n", m.Time.Format("2006-01-02 15:04 UTC"), m.Go, "Chromium "+m.Chromium, m.Cores, m.CPU, m.LoadStart, m.LoadEnd)
	if r.Quick {
		p("QUICK RUN (BENCH_QUICK=1): tiny counts, the figures below mean nothing\n")
	}
	printSizes(p, r)
	printReady(p, r)
	printLogin(p, r.Login)

	p("\nMemory (OryLogin.stats(); calls by one client: login, then startStepUp and whoami alternately)\n")
	p("  %6s %16s %12s %14s %11s\n", "calls", "wasmMemoryBytes", "heapBytes", "liveCallbacks", "goroutines")
	for _, x := range r.Memory {
		p("  %6d %16s %12s %14d %11d\n", x.Calls, num(int64(x.WasmMemoryBytes)), num(int64(x.HeapBytes)), x.LiveCallbacks, x.Goroutines)
	}

	p("\nBudget (issue 15)\n")
	for _, v := range r.Budget {
		p("  %-48s %12s  limit %-12s %-28s (%s)\n", v.Line, fmtValue(v.Value, v.Unit), fmtValue(v.Limit, v.Unit), v.state(), v.Detail)
	}
	met := 0
	for _, v := range r.Budget {
		if v.Met {
			met++
		}
	}
	p("  %d of %d lines met\n", met, len(r.Budget))
}

// printer is printTable's Printf.
type printer func(format string, a ...any)

func printSizes(p printer, r *report) {
	p("\nSize (bytes)                      raw     gzip -9  brotli -11\n")
	for _, f := range r.Size.Files {
		p("  %-22s %12s %11s %11s\n", f.Name, num(f.Raw), num(f.Gzip), num(f.Brotli))
	}
	p("  %-22s %12s %11s %11s   (orylogin.wasm + wasm_exec.js + orylogin.js)\n", "module total", "", "", num(r.Size.ModuleBrotli))
	p("  %-22s %12s %11s %11s   (what a page with the JS API and <ory-login> downloads, bench/form.html less its own files: %s)\n",
		"<ory-login> page total", "", "", num(r.Size.ElementBrotli), names(r.Size.ElementFiles))
	p("  %-22s %12s %11s %11s   (%d files: %s)\n", "demo page total", "", "", num(r.Size.PageBrotli), len(r.Size.PageFiles), names(r.Size.PageFiles))
	for _, f := range r.Size.Others {
		p("  %-22s %12s %11s %11s   (outside the budget: a page with <ory-login> did not download it)\n", f.Name, num(f.Raw), num(f.Gzip), num(f.Brotli))
	}

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
}

func names(files []fileSize) string {
	n := make([]string, len(files))
	for i, f := range files {
		n[i] = f.Name
	}
	return strings.Join(n, ", ")
}

func printReady(p printer, r *report) {
	rd := r.Ready
	p("\nTime to ready, ms from navigation start to load() resolving (median, p25–p75, min–max), beside the smallest Go program (%s bytes brotli) loaded the same way\n", num(r.Size.Hello.Brotli))
	p("  cold  %s   %s; wasm requested at %s, downloaded at %s\n", fmtDist(rd.Cold), beside(rd.Cold, rd.HelloCold), fmtMs(rd.ColdWasmReq.Median), fmtMs(rd.ColdWasmEnd.Median))
	p("  warm  %s   %s; wasm requested at %s, downloaded at %s\n", fmtDist(rd.Warm), beside(rd.Warm, rd.HelloWarm), fmtMs(rd.WarmWasmReq.Median), fmtMs(rd.WarmWasmEnd.Median))
	p("  the same page with an empty module instead (medians): cold %.1f, warm %.1f\n", rd.FloorCold.Median, rd.FloorWarm.Median)

	s := r.Slow
	p("\nSlow network (Chromium's network emulation: %.0f Mbit/s down, %.0f up, %.0f ms latency), ms (median, p25–p75, min–max)\n",
		s.Network.Down*8/1e6, s.Network.Up*8/1e6, s.Network.LatencyMs)
	p("  ready cold  %s   %s; the wasm took %s bytes on the wire\n", fmtDist(s.Cold), beside(s.Cold, s.HelloCold), num(int64(s.ColdWasmTransfer.Median)))
	p("  ready warm  %s   %s\n", fmtDist(s.Warm), beside(s.Warm, s.HelloWarm))
	p("  <ory-login> interactive: cold %.1f, warm %.1f (first visible: cold %.1f, warm %.1f)\n",
		s.FormCold.Interactive.Median, s.FormWarm.Interactive.Median, s.FormCold.Visible.Median, s.FormWarm.Visible.Median)

	f := r.Form
	p("\nTime to a usable form, <ory-login> in bench/form.html (JS API, load()), ms from navigation start (median, p25–p75, min–max)\n")
	p("  visible: its shadow root holds a visible form or skeleton; interactive: an enabled, writable input, typed into at once\n")
	for _, row := range []struct {
		name  string
		d     formDist
		hello dist
	}{{"cold", f.Cold, rd.HelloCold}, {"warm", f.Warm, rd.HelloWarm}} {
		p("  %s first visible      %s\n", row.name, fmtDist(row.d.Visible))
		p("  %s first interactive  %s   load() resolved at %.1f; the smallest Go program ready at %.1f\n",
			row.name, fmtDist(row.d.Interactive), row.d.Load.Median, row.hello.Median)
		p("  %s typed text: taken %d of %d, still there once the element was idle %d of %d\n", row.name, row.d.Accepted, row.d.N, row.d.Kept, row.d.N)
	}
	p("  Ory Elements, for reference: %d ms cold, %d ms warm (measured elsewhere the same way; Ory Elements is not in this repo: fixed numbers, not this run's)\n",
		OryElementsColdMs, OryElementsWarmMs)
}

// beside is a ready figure's ratio to the Go floor's.
func beside(ready, hello dist) string {
	if hello.Median <= 0 {
		return "smallest Go program: not measured"
	}
	return fmt.Sprintf("%.2f× the smallest Go program (%.1f)", ready.Median/hello.Median, hello.Median)
}

func printLogin(p printer, l loginReport) {
	p("\nLogin against the plain-fetch floor, ms (medians of %d rounds each, interleaved; overhead = difference of medians, paired = median of per-round differences)\n", l.Rounds)
	p("  %-15s %9s %9s %9s %9s %9s\n", "step", "orylogin", "baseline", "overhead", "paired", "requests")
	for _, s := range append(append([]stepRow(nil), l.Steps...), l.Total) {
		req := make([]string, len(s.Requests))
		for i, c := range s.Requests {
			req[i] = fmt.Sprint(c)
		}
		p("  %-15s %9.2f %9.2f %+9.2f %+9.2f %9s\n", s.Step, s.Orylogin.Median, s.Baseline.Median, s.Overhead, s.Paired, strings.Join(req, ","))
	}
	p("  ratio %.3f; total spread p25–p75: orylogin %.1f–%.1f, baseline %.1f–%.1f\n", l.Ratio, l.Total.Orylogin.P25, l.Total.Orylogin.P75, l.Total.Baseline.P25, l.Total.Baseline.P75)
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
