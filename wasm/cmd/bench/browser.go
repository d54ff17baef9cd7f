//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// readySample is what bench/ready.html recorded for one load (ms since
// navigation start).
type readySample struct {
	ReadyMs           float64  `json:"readyMs"`
	WasmRequestMs     *float64 `json:"wasmRequestMs"`
	WasmResponseEndMs *float64 `json:"wasmResponseEndMs"`
	WasmTransferBytes *float64 `json:"wasmTransferBytes"`
}

// readySamples are the loads of ready.html, of floor.html (the same page
// without orylogin) and of hello.html (the smallest Go program).
type readySamples struct {
	Cold      []readySample `json:"cold"`
	Warm      []readySample `json:"warm"`
	FloorCold []readySample `json:"floorCold"`
	FloorWarm []readySample `json:"floorWarm"`
	HelloCold []readySample `json:"helloCold"` // the smallest Go program
	HelloWarm []readySample `json:"helloWarm"`
}

// formSample is what bench/form.html recorded for one load (ms since
// navigation start; form-probe.js says what counts) and what typing into
// its first interactive input did.
type formSample struct {
	VisibleMs     *float64 `json:"visibleMs"`     // first visible form or skeleton in the element
	InteractiveMs *float64 `json:"interactiveMs"` // first enabled, writable input in it
	LoadMs        *float64 `json:"loadMs"`        // load() resolved
	Accepted      bool     `json:"accepted"`      // the input took the typed text
	Kept          bool     `json:"kept"`          // the text was still there once the element was idle at the password step
}

// formSamples are the loads of bench/form.html.
type formSamples struct {
	Cold []formSample `json:"cold"`
	Warm []formSample `json:"warm"`
}

// slowSamples are the loads under Chromium's network emulation.
type slowSamples struct {
	Network   network       `json:"network"`
	Cold      []readySample `json:"cold"`
	Warm      []readySample `json:"warm"`
	HelloCold []readySample `json:"helloCold"`
	HelloWarm []readySample `json:"helloWarm"`
	FormCold  []formSample  `json:"formCold"`
	FormWarm  []formSample  `json:"formWarm"`
}

// network is the CDP Network.emulateNetworkConditions the driver set
// (throughputs in bytes per second).
type network struct {
	LatencyMs float64 `json:"latency"`
	Down      float64 `json:"downloadThroughput"`
	Up        float64 `json:"uploadThroughput"`
}

// memPoint is OryLogin.stats() after Calls calls.
type memPoint struct {
	Calls           int     `json:"calls"`
	WasmMemoryBytes float64 `json:"wasmMemoryBytes"`
	HeapBytes       float64 `json:"heapBytes"`
	LiveCallbacks   int     `json:"liveCallbacks"`
	Goroutines      int     `json:"goroutines"`
}

// rawResults is what web/bench/driver.mjs prints.
type rawResults struct {
	Ready        readySamples         `json:"ready"`
	Form         formSamples          `json:"form"`
	Slow         slowSamples          `json:"slow"`
	PageFiles    []string             `json:"pageFiles"`    // what the demo page fetched
	ElementFiles []string             `json:"elementFiles"` // what bench/form.html fetched outside bench/
	Orylogin     []map[string]float64 `json:"orylogin"`     // per round: step -> ms
	Baseline     []map[string]float64 `json:"baseline"`
	Requests     []map[string]int     `json:"requests"` // orylogin's HTTP exchanges per step, per round
	Memory       []memPoint           `json:"memory"`
	Chromium     string               `json:"chromium"`
}

// readyLine is the dev server's -ready-json line.
type readyLine struct {
	URL         string `json:"url"`
	KratosAdmin string `json:"kratosAdmin"`
}

// runBrowser serves dir with the dev server and its local Kratos, runs the
// driver against it, and stops the dev server (which stops Kratos) by PID.
func runBrowser(ctx context.Context, o options, work, dir string) (*rawResults, error) {
	bin := o.devserver
	if bin == "" {
		bin = filepath.Join(work, "devserver")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./wasm/cmd/devserver")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("build the dev server: %w", err)
		}
	}
	progress("starting the dev server and a local Kratos")
	srv, ready, err := startDevServer(ctx, bin, dir)
	if err != nil {
		return nil, err
	}
	defer srv.stop()

	args, err := json.Marshal(map[string]any{
		"url": ready.URL, "kratosAdmin": ready.KratosAdmin,
		"cold": o.cold, "warm": o.warm, "slow": o.slow, "warmup": o.warmup, "rounds": o.rounds,
		"memoryPoints": o.memoryPoints,
	})
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("driving Chromium: %d cold and %d warm loads of each page, %d of each on the slow network, %d+%d login rounds per side", o.cold, o.warm, o.slow, o.warmup, o.rounds))
	driver := exec.CommandContext(ctx, o.node, filepath.Join("web", "bench", "driver.mjs"), string(args))
	driver.Cancel = func() error { return driver.Process.Signal(syscall.SIGTERM) } // playwright closes its browsers
	driver.WaitDelay = 20 * time.Second
	driver.Stderr = os.Stderr
	driver.Env = os.Environ()
	if o.chromium != "" {
		driver.Env = append(driver.Env, "CHROMIUM="+o.chromium)
	}
	out, err := driver.Output()
	if err != nil {
		return nil, fmt.Errorf("web/bench/driver.mjs: %w", err)
	}
	var raw rawResults
	if err := json.Unmarshal(bytes.TrimSpace(out), &raw); err != nil {
		return nil, fmt.Errorf("web/bench/driver.mjs printed no report: %w", err)
	}
	return &raw, nil
}

// devServer is a running dev server.
type devServer struct {
	cmd    *exec.Cmd
	exited chan struct{}
	once   sync.Once
}

// startDevServer starts the dev server on a free port with a local Kratos
// and waits for its ready line.
func startDevServer(ctx context.Context, bin, dir string) (*devServer, readyLine, error) {
	var ready readyLine
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-ready-json", "-dist", dir, "-required-aal", "aal1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, ready, err
	}
	var stderr tailBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, ready, err
	}
	s := &devServer{cmd: cmd, exited: make(chan struct{})}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() {
		}
	}()
	go func() { cmd.Wait(); close(s.exited) }()

	timeout := time.NewTimer(3 * time.Minute) // the first run builds Kratos
	defer timeout.Stop()
	select {
	case line, ok := <-lines:
		if ok && json.Unmarshal([]byte(line), &ready) == nil && ready.URL != "" {
			return s, ready, nil
		}
		s.stop()
		return nil, ready, fmt.Errorf("dev server: no ready line: %s", stderr.String())
	case <-ctx.Done():
	case <-timeout.C:
	}
	s.stop()
	if ctx.Err() != nil {
		return nil, ready, ctx.Err()
	}
	return nil, ready, fmt.Errorf("dev server not ready in 3 minutes: %s", stderr.String())
}

// stop sends SIGTERM to the dev server's PID (it stops Kratos) and waits;
// SIGKILL after 15 s.
func (s *devServer) stop() {
	s.once.Do(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// tailBuffer keeps the last 8 KB written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8192 {
		t.buf = t.buf[len(t.buf)-8192:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
