//go:build !js

package kratoslocal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// readyTimeout bounds the wait for /health/ready after the process starts.
const readyTimeout = 60 * time.Second

// stopGrace is how long Stop waits after SIGTERM before SIGKILL.
const stopGrace = 5 * time.Second

// Options configure one Kratos process. The zero value is a working server
// on free loopback ports with a fresh temp dir.
type Options struct {
	PublicPort, AdminPort int           // 0: pick free loopback ports
	AllowedOrigins        []string      // CORS + allowed_return_urls, e.g. "http://127.0.0.1:8080"
	RequiredAAL           string        // session.whoami.required_aal: "" = "aal1", or "highest_available"
	LoginLifespan         time.Duration // 0 = 10m
	CodeLifespan          time.Duration // 0 = 15m
	BcryptCost            int           // 0 = 4 (fast; --dev allows it)
	Dir                   string        // work dir for config + sqlite; "" = a new temp dir, removed on Stop
	Log                   io.Writer     // Kratos stdout/stderr; nil = kratos.log in Dir
	Env                   []string      // extra KEY=VALUE for the process (Kratos reads config keys from env)
}

// Server is one running Kratos. Its methods are safe for concurrent use.
type Server struct {
	PublicURL string // "http://127.0.0.1:PORT" (no trailing slash)
	AdminURL  string // "http://127.0.0.1:PORT" (no trailing slash)
	PID       int    // process (and process group) id of `kratos serve`
	Version   string // the release that runs, from `kratos version`: "v1.3.1", "v26.2.0"
	Dir       string // work dir: kratos.yml, identity.schema.json, kratos.sqlite, kratos.log
	LogPath   string // kratos.log in Dir, or "" when Options.Log was given

	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has been reaped
	waitErr error         // set before done closes
	out     *output
	rmDir   bool // Dir is ours: remove it on Stop
	client  *http.Client
	sink    *sink // where the courier delivers; Mails of a phone reads it

	courier     *exec.Cmd     // `kratos courier watch`, in serve's process group; nil until texts are read
	courierDone chan struct{} // closed when the courier has been reaped
	courierErr  error         // set before courierDone closes
	courierMu   sync.Mutex    // guards starting the courier against Stop
	stopped     bool          // Stop has begun (under courierMu): no courier starts
	bin         string        // the Kratos binary and environment serve ran, for the courier
	env         []string

	stopOnce sync.Once
	stopErr  error
}

// Start builds Kratos if needed, writes its config into o.Dir (or a temp
// dir), prepares the SQLite database (a copy of a migrated template, or a
// migration of the one already in o.Dir), serves it with --dev and returns once
// both ports answer /health/ready. On failure nothing is left running and the
// error carries the tail of Kratos's log.
func Start(ctx context.Context, o Options) (_ *Server, err error) {
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	bin, err := Binary(ctx)
	if err != nil {
		return nil, err
	}
	version, err := BinaryVersion(ctx, bin)
	if err != nil {
		return nil, err
	}

	s := &Server{Dir: o.Dir, Version: version, client: newClient()}
	if s.Dir == "" {
		if s.Dir, err = os.MkdirTemp("", "kratoslocal-*"); err != nil {
			return nil, fmt.Errorf("kratoslocal: %w", err)
		}
		s.rmDir = true
	} else if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("kratoslocal: %w", err)
	}
	if s.Dir, err = filepath.Abs(s.Dir); err != nil {
		return nil, fmt.Errorf("kratoslocal: %w", err)
	}
	defer func() {
		if err != nil {
			s.cleanup()
		}
	}()

	s.out, err = newOutput(o.Log, s.Dir)
	if err != nil {
		return nil, err
	}
	if o.Log == nil {
		s.LogPath = filepath.Join(s.Dir, "kratos.log")
	}

	if s.sink, err = newSink(); err != nil {
		return nil, err
	}
	env := processEnv(o)
	// Ports picked here can be taken by someone else before Kratos binds
	// them; then try again with new ones (only when we picked them).
	const attempts = 3
	for attempt := 1; ; attempt++ {
		pub, adm, err := ports(o.PublicPort, o.AdminPort)
		if err != nil {
			return nil, err
		}
		s.PublicURL = "http://127.0.0.1:" + strconv.Itoa(pub)
		s.AdminURL = "http://127.0.0.1:" + strconv.Itoa(adm)
		cfg, err := config(o, version, s.PublicURL, s.AdminURL, s.sink.URL, pub, adm)
		if err != nil {
			return nil, fmt.Errorf("kratoslocal: %w", err)
		}
		if err := writeConfig(s.Dir, cfg); err != nil {
			return nil, err
		}
		if attempt == 1 {
			if err := prepareDB(ctx, bin, version, s.Dir, env, s.out); err != nil {
				return nil, err
			}
		}
		err = s.serve(ctx, bin, env)
		if err == nil {
			return s, nil
		}
		picked := o.PublicPort == 0 && o.AdminPort == 0
		if !picked || attempt == attempts || !errors.Is(err, errAddrInUse) {
			return nil, err
		}
	}
}

// errAddrInUse marks a start that failed because a port was taken.
var errAddrInUse = errors.New("address already in use")

// serve starts `kratos serve` and waits until it is ready, it exits, or
// the time runs out; on error it is gone. The courier worker starts later,
// with the first read of texts (startCourierOnce).
func (s *Server) serve(ctx context.Context, bin string, env []string) error {
	mark := s.out.mark()
	cmd := exec.Command(bin, "serve", "-c", "kratos.yml", "--dev", "--sqa-opt-out")
	cmd.Dir = s.Dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = s.out, s.out
	cmd.SysProcAttr = procAttr()
	cmd.WaitDelay = time.Second // do not hang on the output pipe
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("kratoslocal: start kratos: %w", err)
	}
	s.cmd, s.PID, s.done = cmd, cmd.Process.Pid, make(chan struct{})
	go func(done chan struct{}) {
		s.waitErr = cmd.Wait()
		close(done)
	}(s.done)

	err := s.waitReady(ctx)
	if err == nil {
		s.bin, s.env = bin, env
		return nil
	}
	s.kill()
	log := s.out.since(mark)
	if strings.Contains(log, "address already in use") {
		err = fmt.Errorf("%w: %w", err, errAddrInUse)
	}
	return fmt.Errorf("kratoslocal: kratos serve (pid %d) did not get ready: %w\n--- kratos log (tail) ---\n%s", s.PID, err, log)
}

// waitReady polls /health/ready on both ports every 25ms.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.ready(ctx, s.PublicURL) && s.ready(ctx, s.AdminURL) {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("kratos exited: %v", s.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// ready reports whether base/health/ready answers 200.
func (s *Server) ready(ctx context.Context, base string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/health/ready", nil)
	if err != nil {
		return false
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Stop ends Kratos: SIGTERM to its process group, SIGKILL after 5s, then
// it stops the sink and removes the temp dir (if Start made it). It is idempotent; later calls
// return the first result. It reports an error when Kratos had already
// died on its own, so that a crash does not pass unnoticed.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.courierMu.Lock()
		defer s.courierMu.Unlock()
		s.stopped = true
		var crashed error
		select {
		case <-s.done:
			crashed = fmt.Errorf("kratoslocal: kratos (pid %d) exited before Stop: %v\n--- kratos log (tail) ---\n%s", s.PID, s.waitErr, s.out.since(0))
		case <-s.courierDone:
			crashed = fmt.Errorf("kratoslocal: kratos's courier (pid %d) exited before Stop: %v\n--- kratos log (tail) ---\n%s", s.courier.Process.Pid, s.courierErr, s.out.since(0))
		default:
		}
		s.kill()
		s.stopErr = errors.Join(crashed, s.cleanup())
	})
	return s.stopErr
}

// kill ends the process group: SIGTERM, then SIGKILL after stopGrace, and
// waits until the process is reaped.
func (s *Server) kill() {
	if s.cmd == nil {
		return
	}
	syscall.Kill(-s.PID, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(stopGrace):
		syscall.Kill(-s.PID, syscall.SIGKILL)
		<-s.done
	}
	// Anything else left in the group: the courier (which got the SIGTERM
	// too) and whatever Kratos may have started.
	syscall.Kill(-s.PID, syscall.SIGKILL)
	if s.courierDone != nil {
		<-s.courierDone
	}
}

// cleanup stops the sink, closes the log and removes the dir if it is ours.
func (s *Server) cleanup() error {
	var errs []error
	if s.sink != nil {
		errs = append(errs, s.sink.close())
	}
	if s.out != nil {
		errs = append(errs, s.out.Close())
	}
	if s.rmDir {
		errs = append(errs, os.RemoveAll(s.Dir))
	}
	s.client.CloseIdleConnections()
	return errors.Join(errs...)
}

// procAttr puts Kratos in its own process group (Stop kills the group) and
// has the kernel kill it if the parent dies (a killed test binary must not
// leave Kratos running).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// processEnv is a minimal environment: Kratos reads every config key from
// the environment, so inheriting ours (DSN, SERVE_…, LOG_…) could silently
// change it. o.Env comes last and wins.
func processEnv(o Options) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "TZ"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return append(env, o.Env...)
}

// ports returns the requested ports, replacing zeros by free loopback
// ports (two distinct ones: both listeners are open at once).
func ports(public, admin int) (int, int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	pick := func(p int) (int, error) {
		if p != 0 {
			return p, nil
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("kratoslocal: no free port: %w", err)
		}
		ls = append(ls, l)
		return l.Addr().(*net.TCPAddr).Port, nil
	}
	pub, err := pick(public)
	if err != nil {
		return 0, 0, err
	}
	adm, err := pick(admin)
	if err != nil {
		return 0, 0, err
	}
	return pub, adm, nil
}

// newClient is an HTTP client for loopback calls: no proxy, short timeout.
func newClient() *http.Client {
	return &http.Client{
		Timeout:   15 * time.Second,
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4},
	}
}
