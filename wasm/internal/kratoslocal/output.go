//go:build !js

package kratoslocal

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// keepTail is how much of Kratos's output is kept in memory for errors.
const keepTail = 16 << 10

// output receives Kratos's stdout and stderr: it forwards them to the
// caller's writer or to kratos.log, and keeps the tail for error messages.
type output struct {
	mu     sync.Mutex
	w      io.Writer
	file   *os.File // kratos.log, when we opened it
	buf    []byte   // the last ≤ keepTail bytes written
	total  int64    // bytes written so far
	closed bool
}

// newOutput forwards to w, or to dir/kratos.log when w is nil.
func newOutput(w io.Writer, dir string) (*output, error) {
	o := &output{w: w}
	if w == nil {
		f, err := os.OpenFile(filepath.Join(dir, "kratos.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("kratoslocal: %w", err)
		}
		o.w, o.file = f, f
	}
	return o, nil
}

// Write implements io.Writer. Errors of the destination are ignored: a
// broken log must not stall Kratos.
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return len(p), nil
	}
	o.w.Write(p)
	o.total += int64(len(p))
	o.buf = append(o.buf, p...)
	if len(o.buf) > keepTail {
		o.buf = append(o.buf[:0], o.buf[len(o.buf)-keepTail:]...)
	}
	return len(p), nil
}

// mark returns a position for since.
func (o *output) mark() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.total
}

// since returns what was written after mark, at most its last 8 KiB.
func (o *output) since(mark int64) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	b := o.buf
	if n := o.total - mark; n < int64(len(b)) {
		b = b[int64(len(b))-n:]
	}
	return tail(b, 8<<10)
}

// Close stops forwarding and closes kratos.log if we opened it.
func (o *output) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil
	}
	o.closed = true
	if o.file != nil {
		return o.file.Close()
	}
	return nil
}
