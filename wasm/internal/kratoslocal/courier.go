//go:build !js

package kratoslocal

import (
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// startCourierOnce starts the courier worker (startCourier) the first time
// a test reads texts, so that only a Server that sends SMS runs it: a
// second process that takes SQLite's write lock every pull_wait slows
// every other Server's writes for nothing (e-mails are read from Kratos's
// queue, delivered or not).
func (s *Server) startCourierOnce() error {
	s.courierMu.Lock()
	defer s.courierMu.Unlock()
	if s.courier != nil || s.stopped {
		return nil
	}
	return s.startCourier(s.bin, s.env)
}

// startCourier runs Kratos's courier worker, `kratos courier watch`, as a
// process of its own beside `kratos serve` (in serve's process group, so
// that Stop ends both), delivering the queued messages to the sink. Not
// `serve --watch-courier`: run inside serve, the worker now and then
// stalled serve's own SQLite writes for the whole busy timeout (10s, then
// HTTP 500 "database is locked"): 2 of 5 runs of wasm/ory's tests on
// v26.2.0 (and one on v1.3.1) failed so, none of 5 with the courier as a
// process of its own, which waits for SQLite's lock like any other.
func (s *Server) startCourier(bin string, env []string) error {
	cmd := exec.Command(bin, "courier", "watch", "-c", "kratos.yml")
	cmd.Dir = s.Dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = s.out, s.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: s.PID, Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("kratoslocal: start the courier: %w", err)
	}
	s.courier, s.courierDone = cmd, make(chan struct{})
	go func(done chan struct{}) {
		s.courierErr = cmd.Wait()
		close(done)
	}(s.courierDone)
	return nil
}
