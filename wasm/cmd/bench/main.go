//go:build !js

// Command bench measures orylogin (./build.sh bench runs it after the build):
//
//   - size: dist/orylogin.wasm raw, gzip -9 and brotli -11, the JS glue and
//     CSS, the brotli total of what a page with the JS API and <ory-login>
//     downloads and of what the demo page downloads, any other .wasm in dist/
//     on its own line, and the biggest Go packages in the wasm;
//   - time to ready in headless Chromium, cold and warm, beside the smallest
//     Go program loaded the same way; the same on a slow network (Chromium's
//     network emulation);
//   - time to the first visible and the first interactive form of
//     <ory-login>, cold and warm;
//   - the whole login by orylogin against a plain-fetch baseline in the same
//     page and against the same local Kratos, interleaved, step by step;
//   - wasm memory and live callbacks after numbered calls;
//   - the budget of issue 15, each line met or missed and by how much.
//
// It serves a snapshot of dist/ plus web/bench/ with the dev server (which
// starts a local Kratos, bcrypt cost 4, session.whoami.required_aal aal1),
// drives Chromium with web/bench/driver.mjs, prints a table and writes every
// figure as JSON. Timings are reported, never asserted.
//
//	go run ./wasm/cmd/bench -dist dist -out dist/bench.json
//
// BENCH_QUICK=1 (or -quick) runs tiny counts, for the test that keeps the
// bench from rotting.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// defaultRounds is how many login rounds each side counts. A step's
// overhead is a difference of two medians of samples whose p25-p75 spans
// about 4 ms; at 60 rounds it moved by up to 0.7 ms between runs of one
// build, more than the distance between the figures and the budget's 1 ms,
// so one run decided no step's line. 200 rounds narrow that to about
// 0.4 ms (the spread shrinks with the square root of the count) for some
// 60 seconds more.
const defaultRounds = 200

// options are the command-line flags.
type options struct {
	dist, out, devserver, node, chromium string
	goFlags                              string
	quick                                bool
	cold, warm, slow, warmup, rounds     int
	memoryPoints                         []int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	o, err := parseFlags(os.Args[1:])
	if err == nil {
		err = run(ctx, o, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	var points string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.dist, "dist", "dist", "the built page (./build.sh build)")
	fs.StringVar(&o.out, "out", "dist/bench.json", "where the JSON report goes")
	fs.StringVar(&o.devserver, "devserver", "", "the dev server binary (default: go build ./wasm/cmd/devserver)")
	fs.StringVar(&o.node, "node", "node", "Node.js, for web/bench/driver.mjs")
	fs.StringVar(&o.chromium, "chromium", "", "Chromium binary (default: the e2e harness's, /usr/bin/chromium or $CHROMIUM)")
	fs.StringVar(&o.goFlags, "goflags", "", "extra go build flags of the wasm build (./build.sh passes its own), for the package report")
	fs.BoolVar(&o.quick, "quick", os.Getenv("BENCH_QUICK") == "1", "tiny counts (also BENCH_QUICK=1): checks that the bench runs, measures nothing")
	fs.IntVar(&o.cold, "cold", 15, "cold loads (a new browser and profile each)")
	fs.IntVar(&o.warm, "warm", 15, "warm loads (one browser, HTTP cache primed)")
	fs.IntVar(&o.slow, "slow", 9, "cold and warm loads of each page on the slow network")
	fs.IntVar(&o.warmup, "warmup", 5, "login rounds per side run first and not counted (they check orylogin's requests per step)")
	fs.IntVar(&o.rounds, "rounds", defaultRounds, "counted login rounds per side")
	fs.StringVar(&points, "memory", "1,100,500,1000,2000", "call counts after which OryLogin.stats() is read")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.quick {
		o.cold, o.warm, o.slow, o.warmup, o.rounds, points = 2, 2, 1, 1, 2, "1,5,10"
	}
	for _, p := range strings.Split(points, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-memory: bad count %q", p)
		}
		o.memoryPoints = append(o.memoryPoints, n)
	}
	if o.cold < 1 || o.warm < 1 || o.slow < 1 || o.rounds < 1 || o.warmup < 1 {
		return o, errors.New("-cold, -warm, -slow, -warmup and -rounds must be at least 1")
	}
	return o, nil
}

// report is everything one run measured; it is what -out holds.
type report struct {
	Quick   bool         `json:"quick"` // tiny counts: the figures mean nothing
	Machine machine      `json:"machine"`
	Size    sizeReport   `json:"size"`
	Module  *moduleSizes `json:"module"`
	Ready   readyReport  `json:"ready"`
	Form    formReport   `json:"form"`
	Slow    slowReport   `json:"slow"`
	Login   loginReport  `json:"login"`
	Memory  []memPoint   `json:"memory"`
	Budget  []verdict    `json:"budget"`
	Raw     *rawResults  `json:"raw"`     // every sample
	Seconds float64      `json:"seconds"` // the bench's own run time
}

// machine says where and under what load the figures were taken.
type machine struct {
	Time      time.Time `json:"time"`
	Go        string    `json:"go"`
	Chromium  string    `json:"chromium"`
	CPU       string    `json:"cpu"`
	Cores     int       `json:"cores"`
	LoadStart string    `json:"loadStart"` // /proc/loadavg at the start and the end
	LoadEnd   string    `json:"loadEnd"`
}

func run(ctx context.Context, o options, stdout io.Writer) error {
	start := time.Now()
	rep := &report{Quick: o.quick, Machine: machine{
		Time: start.UTC().Truncate(time.Second), Go: runtime.Version(), CPU: cpuModel(),
		Cores: runtime.NumCPU(), LoadStart: loadAvg(),
	}}
	work, err := os.MkdirTemp("", "orylogin-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// A snapshot of dist/ plus the bench pages: what is measured cannot
	// change under the run when someone rebuilds dist/.
	serve := filepath.Join(work, "site")
	if err := snapshot(o.dist, serve); err != nil {
		return err
	}
	progress("size: compressing the files, building an unstripped wasm for the package report")
	if rep.Size, err = measureSizes(ctx, serve); err != nil {
		return fmt.Errorf("size: %w", err)
	}
	if err := rep.Size.buildHello(ctx, serve); err != nil {
		return err
	}
	if rep.Module, err = analyzeModule(ctx, work, strings.Fields(o.goFlags)); err != nil {
		return fmt.Errorf("package report: %w", err)
	}
	if rep.Module.CodeTotal != rep.Size.WasmCode {
		progress(fmt.Sprintf("warning: the unstripped build's code (%d bytes) differs from dist's (%d): dist/ is stale or built with other flags", rep.Module.CodeTotal, rep.Size.WasmCode))
	}

	raw, err := runBrowser(ctx, o, work, serve)
	if err != nil {
		return err
	}
	rep.Machine.Chromium = raw.Chromium
	if err := rep.Size.addPages(ctx, serve, raw.PageFiles, raw.ElementFiles); err != nil {
		return err
	}
	rep.Ready = readyStats(raw.Ready)
	rep.Form = formStats(raw.Form.Cold, raw.Form.Warm)
	rep.Slow = slowStats(raw.Slow)
	rep.Login = loginStats(raw)
	rep.Memory = raw.Memory
	rep.Raw = raw
	rep.Budget = budget(rep)
	if err := complete(rep, o); err != nil {
		return err // every part must have run: the quick run keeps them from rotting
	}
	rep.Machine.LoadEnd = loadAvg()
	rep.Seconds = time.Since(start).Seconds()

	printTable(stdout, rep)
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(o.out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s (%.0f s)\n", o.out, rep.Seconds)
	return nil
}

// complete reports a part of the bench that produced no figures (never a
// timing: those are only reported).
func complete(r *report, o options) error {
	counts := []struct {
		what      string
		got, want int
	}{
		{"ready cold loads", r.Ready.Cold.N, o.cold}, {"ready warm loads", r.Ready.Warm.N, o.warm},
		{"hello cold loads", r.Ready.HelloCold.N, o.cold}, {"hello warm loads", r.Ready.HelloWarm.N, o.warm},
		{"form cold loads (first interactive)", r.Form.Cold.Interactive.N, o.cold},
		{"form warm loads (first interactive)", r.Form.Warm.Interactive.N, o.warm},
		{"form cold loads (first visible)", r.Form.Cold.Visible.N, o.cold},
		{"slow ready cold loads", r.Slow.Cold.N, o.slow}, {"slow ready warm loads", r.Slow.Warm.N, o.slow},
		{"slow hello cold loads", r.Slow.HelloCold.N, o.slow}, {"slow hello warm loads", r.Slow.HelloWarm.N, o.slow},
		{"slow form cold loads", r.Slow.FormCold.Interactive.N, o.slow},
		{"login rounds", r.Login.Rounds, o.rounds}, {"memory points", len(r.Memory), len(o.memoryPoints) + 1},
	}
	for _, c := range counts {
		if c.got != c.want {
			return fmt.Errorf("incomplete run: %d %s, want %d", c.got, c.what, c.want)
		}
	}
	if r.Slow.Network.Down <= 0 || r.Slow.Network.LatencyMs <= 0 {
		return errors.New("incomplete run: the slow network was not emulated")
	}
	for _, v := range r.Budget {
		if !v.Known {
			return fmt.Errorf("incomplete run: budget line %q not measured (%s)", v.Line, v.Detail)
		}
	}
	return nil
}

func progress(s string) { fmt.Fprintln(os.Stderr, "bench:", s) }

// loadAvg is /proc/loadavg's 1-, 5- and 15-minute averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
