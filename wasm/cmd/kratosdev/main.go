//go:build !js

// Command kratosdev builds and runs a local Ory Kratos for orylogin: v1.3.1
// from the Go module proxy, or the binary $KRATOS_BIN names (e.g. a v26.2.0
// build), as the tests and the dev server run it (wasm/internal/kratoslocal).
//
//	kratosdev build
//		builds the v1.3.1 binary into the user cache if needed (nothing when
//		$KRATOS_BIN is set); prints the binary's path and, on stderr, its version
//	kratosdev run [-origin URL]... [-email E -password P] [-public-port N] [-admin-port N]
//		starts Kratos, creates the identity, prints the URLs, and stops
//		Kratos on SIGINT or SIGTERM
//
// The password may also come from $KRATOSDEV_PASSWORD (it is never printed).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/kratoslocal"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "build":
		err = build()
	case "run":
		err = run(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kratosdev:", err)
		os.Exit(1)
	}
}

// usage prints how to call kratosdev and exits with status 2.
func usage() {
	fmt.Fprintln(os.Stderr, "usage: kratosdev build | kratosdev run [-origin URL]... [-email E -password P] [-public-port N] [-admin-port N] [-aal aal1|highest_available] [-dir DIR]")
	os.Exit(2)
}

// build locates or builds the cached binary and prints its path.
func build() error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	bin, err := kratoslocal.Binary(ctx)
	if err != nil {
		return err
	}
	v, err := kratoslocal.BinaryVersion(ctx, bin)
	if err != nil {
		return err
	}
	fmt.Println(bin)
	fmt.Fprintf(os.Stderr, "kratosdev: Kratos %s\n", v)
	return nil
}

// origins collects repeated -origin flags.
type origins []string

func (o *origins) String() string { return strings.Join(*o, ",") }

func (o *origins) Set(v string) error {
	*o = append(*o, strings.TrimSuffix(v, "/"))
	return nil
}

// run starts Kratos and keeps it until a signal arrives.
func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	var opts kratoslocal.Options
	fs.Var((*origins)(&opts.AllowedOrigins), "origin", "page origin allowed by CORS and as return URL (repeatable), e.g. http://127.0.0.1:8080")
	fs.IntVar(&opts.PublicPort, "public-port", 0, "public port (0: a free one)")
	fs.IntVar(&opts.AdminPort, "admin-port", 0, "admin port (0: a free one)")
	fs.StringVar(&opts.RequiredAAL, "aal", "", `session.whoami.required_aal: "aal1" (default) or "highest_available"`)
	fs.DurationVar(&opts.LoginLifespan, "login-lifespan", 0, "login flow lifespan (0: 10m)")
	fs.DurationVar(&opts.CodeLifespan, "code-lifespan", 0, "one-time code lifespan (0: 15m)")
	fs.StringVar(&opts.Dir, "dir", "", "work dir kept after exit (default: a temp dir, removed on exit)")
	email := fs.String("email", "", "create an identity with this email")
	password := fs.String("password", "", "its password (or $KRATOSDEV_PASSWORD)")
	fs.Parse(args)
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *password == "" {
		*password = os.Getenv("KRATOSDEV_PASSWORD")
	}
	if (*email == "") != (*password == "") {
		return fmt.Errorf("-email and -password go together")
	}

	// A signal during the start aborts it (Start leaves nothing running).
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	ctx, stopSignals := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stopSignals()

	start := time.Now()
	s, err := kratoslocal.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer s.Stop()
	if *email != "" {
		id, err := s.CreateIdentity(ctx, *email, *password)
		if err != nil {
			s.Stop()
			return err
		}
		fmt.Printf("identity  %s (%s)\n", *email, id)
	}
	fmt.Printf("public    %s\nadmin     %s\npid       %d\ndir       %s\n", s.PublicURL, s.AdminURL, s.PID, s.Dir)
	if s.LogPath != "" {
		fmt.Printf("log       %s\n", s.LogPath)
	}
	if *email != "" {
		fmt.Printf("mails     %s/admin/courier/messages?recipient=%s\n", s.AdminURL, *email)
	}
	fmt.Printf("Kratos %s ready in %s; Ctrl-C stops it.\n", s.Version, time.Since(start).Round(time.Millisecond))

	stopSignals()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	fmt.Println("stopping Kratos")
	return s.Stop()
}
