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
	"os"
	"strings"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

// Demo identity defaults; the offline Ory in the wasm module uses the same.
const (
	demoEmail    = "demo@example.com"
	demoPassword = "ory-demo-password"
)

// options are the command-line flags.
type options struct {
	addr, dist, ory       string
	pageOry               string
	email, password       string
	requiredAAL           string
	methods               kratoslocal.Methods
	bcryptCost            int
	readyJSON, kratosLogs bool
}

// parseFlags reads args into options.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("devserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address; \":0\" picks a free port (an empty host means 127.0.0.1)")
	fs.StringVar(&o.dist, "dist", "dist", "directory of the built page (./build.sh build)")
	fs.StringVar(&o.ory, "ory", "", "a real Ory (https://<slug>.projects.oryapis.com) to proxy under /ory/; empty: start a local Kratos")
	fs.StringVar(&o.pageOry, "page-ory", "", "local Kratos: tell the page Ory is at this URL instead (and allow it in the CSP), e.g. a test's fault-injecting proxy in front of that Kratos; Kratos's CORS still names the page's origin")
	fs.StringVar(&o.email, "email", demoEmail, "demo identity's email (local Kratos)")
	fs.StringVar(&o.password, "password", demoPassword, "demo identity's password (local Kratos)")
	fs.StringVar(&o.requiredAAL, "required-aal", "highest_available", "local Kratos's session.whoami.required_aal: highest_available (code demanded after the password) or aal1 (step-up on request)")
	methods := fs.String("methods", "", "local Kratos: also switch on these login methods, comma-separated: "+strings.Join(methodNames, ", ")+
		" (totp and lookup_secret are linked for the demo identity, sms gives it the phone "+demoPhone+"; GET /dev/factors shows them)")
	fs.IntVar(&o.bcryptCost, "bcrypt-cost", 0, "local Kratos's bcrypt cost (0: kratoslocal's fast default)")
	fs.BoolVar(&o.readyJSON, "ready-json", false, "print one JSON line to stdout once ready, nothing else")
	fs.BoolVar(&o.kratosLogs, "kratos-logs", false, "copy the local Kratos's log to stderr")
	err := fs.Parse(args)
	if err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.pageOry != "" {
		if o.ory != "" {
			return o, errors.New("-page-ory works with the local Kratos only, not with -ory")
		}
		if _, err := parseOryURL(o.pageOry); err != nil {
			return o, fmt.Errorf("-page-ory: want an http(s) URL, got %q", o.pageOry)
		}
	}
	if o.methods, err = parseMethods(*methods); err != nil {
		return o, err
	}
	if *methods != "" && o.ory != "" {
		return o, errors.New("-methods works with the local Kratos only, not with -ory")
	}
	if o.requiredAAL != "highest_available" && o.requiredAAL != "aal1" {
		return o, fmt.Errorf("-required-aal: want aal1 or highest_available, got %q", o.requiredAAL)
	}
	return o, nil
}

// readyLine is what -ready-json prints.
type readyLine struct {
	URL          string `json:"url"`
	KratosPublic string `json:"kratosPublic"`
	KratosAdmin  string `json:"kratosAdmin"`
	// KratosVersion is the local Kratos's release ("v1.3.1", "v26.2.0":
	// $KRATOS_BIN picks it); "" when proxying an Ory.
	KratosVersion string   `json:"kratosVersion,omitempty"`
	Email         string   `json:"email"`
	Password      string   `json:"password"`
	Phone         string   `json:"phone,omitempty"`   // the demo identity's phone (-methods sms)
	Methods       []string `json:"methods,omitempty"` // what -methods switched on
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(o.dist); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s: %w", o.dist, errNoDist)
	}
	ln, origin, err := listen(o.addr)
	if err != nil {
		return err
	}
	defer ln.Close()

	ready := readyLine{URL: origin + "/"}
	var (
		cfg     = pageConfig{Flow: "browser"}
		csp     string
		mails   mailSource
		proxy   http.Handler
		factors *demoFactors
	)
	if o.ory != "" {
		up, err := parseOryURL(o.ory)
		if err != nil {
			return err
		}
		proxy = oryProxy(up, false)
		cfg.BaseURL = origin + proxyPrefix
		csp = pageCSP("")
		ready.KratosPublic = cfg.BaseURL
	} else {
		if !strings.HasPrefix(origin, "http://127.0.0.1:") {
			return fmt.Errorf("-addr: the local Kratos listens on 127.0.0.1, so the page must too (got %s): a page on another host is cross-site and gets no cookies", origin)
		}
		var klog io.Writer
		if o.kratosLogs {
			klog = stderr
		}
		origins := []string{origin}
		if o.methods.Passkey || o.methods.WebAuthn {
			// WebAuthn's relying party is "localhost": the page and Kratos
			// are reached on http://localhost:PORT (one site, as on 127.0.0.1).
			o.methods.WebAuthnOrigins = []string{onLocalhost(origin)}
			origins = append(origins, o.methods.WebAuthnOrigins...)
		}
		ks, err := kratoslocal.Start(ctx, kratoslocal.Options{
			AllowedOrigins: origins,
			RequiredAAL:    o.requiredAAL,
			BcryptCost:     o.bcryptCost,
			Log:            klog,
			Env:            o.methods.Env(),
		})
		if err != nil {
			return err
		}
		defer func() {
			if err := ks.Stop(); err != nil {
				fmt.Fprintln(stderr, "devserver:", err)
			}
		}()
		if factors, err = createDemo(ctx, ks, o.email, o.password, o.methods); err != nil {
			return err
		}
		mails = ks
		public := ks.PublicURL // where the page and the tests reach Kratos
		if len(o.methods.WebAuthnOrigins) > 0 {
			public, ready.URL = onLocalhost(ks.PublicURL), onLocalhost(origin)+"/"
		}
		cfg.BaseURL, cfg.DevInbox = public, "/dev/inbox"
		csp = pageCSP(public)
		if o.pageOry != "" {
			u, _ := parseOryURL(o.pageOry)
			cfg.BaseURL, csp = u.String(), pageCSP(u.Scheme+"://"+u.Host)
		}
		ready.KratosPublic, ready.KratosAdmin, ready.KratosVersion = public, ks.AdminURL, ks.Version
		ready.Email, ready.Password = o.email, o.password
		ready.Methods = methodList(o.methods)
		if factors != nil {
			ready.Phone = factors.phone
		}
	}

	static, err := newStaticHandler(o.dist, csp)
	if err != nil {
		return err
	}
	defer static.Close()
	srv := &http.Server{Handler: withFactors(newHandler(static, cfg, mails, proxy), factors), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if o.readyJSON {
		if err := json.NewEncoder(stdout).Encode(ready); err != nil {
			return err
		}
	} else {
		printBanner(stdout, ready, o.ory)
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// listen opens addr, with 127.0.0.1 for an empty host, and returns the
// page's origin.
func listen(addr string) (net.Listener, string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", fmt.Errorf("-addr: %w", err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, "", err
	}
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return ln, "http://" + net.JoinHostPort(host, port), nil
}

// onLocalhost is the loopback URL u (http://127.0.0.1:PORT…) on
// http://localhost:PORT…, where WebAuthn's relying party "localhost" is.
func onLocalhost(u string) string {
	return strings.Replace(u, "http://127.0.0.1:", "http://localhost:", 1)
}

// newHandler routes the dev server's paths.
func newHandler(static http.Handler, cfg pageConfig, mails mailSource, proxy http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /orylogin.config.json", configHandler(cfg))
	if mails != nil {
		mux.Handle("GET /dev/inbox", inboxHandler(mails))
		mux.Handle("GET /dev/inbox/code", inboxCodeHandler(mails))
	}
	if proxy != nil {
		mux.Handle(proxyPrefix+"/", proxy)
	}
	mux.Handle("/", static)
	return mux
}

// printBanner tells a person where the page is and how to sign in.
func printBanner(w io.Writer, r readyLine, ory string) {
	fmt.Fprintf(w, "\norylogin dev server: %s\n", r.URL)
	if ory != "" {
		fmt.Fprintf(w, "  Ory:      %s, proxied at %s\n", ory, r.KratosPublic)
	} else {
		fmt.Fprintf(w, "  Kratos:   %s, public %s, admin %s\n", r.KratosVersion, r.KratosPublic, r.KratosAdmin)
		fmt.Fprintf(w, "  sign in:  %s / %s (the code shows in the page's dev inbox)\n", r.Email, r.Password)
		fmt.Fprintf(w, "  REST:     %s\n", restLoginLine(r))
		if len(r.Methods) > 0 {
			fmt.Fprintf(w, "  methods:  %s; the demo's TOTP code, backup codes and phone: %sdev/factors\n", strings.Join(r.Methods, ", "), r.URL)
		}
	}
	fmt.Fprintf(w, "  Ctrl-C stops it.\n\n")
}
