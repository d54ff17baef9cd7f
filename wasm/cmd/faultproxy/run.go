//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// readyLine is what run prints once both listeners are open.
type readyLine struct {
	URL     string `json:"url"`     // the proxy, e.g. http://127.0.0.1:PORT (no trailing slash)
	Control string `json:"control"` // the control API
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("faultproxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "proxy listen address (loopback)")
	control := fs.String("control", "127.0.0.1:0", "control API listen address (loopback)")
	upstream := fs.String("upstream", "", "where to forward, e.g. http://127.0.0.1:4433 (also settable by POST /upstream)")
	allowOrigin := fs.String("allow-origin", "", "the page origin whose requests the proxy's own answers allow (CORS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	p := newProxy()
	if *upstream != "" || *allowOrigin != "" {
		if err := p.setUpstream(*upstream, *allowOrigin); err != nil {
			return err
		}
	}

	pl, err := listenLoopback(*addr)
	if err != nil {
		return err
	}
	defer pl.Close()
	cl, err := listenLoopback(*control)
	if err != nil {
		return err
	}
	defer cl.Close()

	ps := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	ps.SetKeepAlivesEnabled(false)
	cs := &http.Server{Handler: p.controlHandler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 2)
	go func() { served <- ps.Serve(pl) }()
	go func() { served <- cs.Serve(cl) }()

	ready := readyLine{URL: "http://" + pl.Addr().String(), Control: "http://" + cl.Addr().String()}
	if err := json.NewEncoder(stdout).Encode(ready); err != nil {
		return err
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	p.shutdown() // releases held requests
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = errors.Join(ps.Shutdown(shutdown), cs.Shutdown(shutdown))
	if errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

// listenLoopback listens on addr, which must name a loopback host.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("%s: only loopback addresses", addr)
	}
	return net.Listen("tcp", addr)
}
