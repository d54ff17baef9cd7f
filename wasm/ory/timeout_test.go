package ory_test

import (
	"context"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport"
)

// timedFunc is a transport.Func that says it honours Request.Timeout.
type timedFunc struct{ transport.Func }

func (timedFunc) TimesRequests() {}

// The adapter bounds each request by its Timeout: through Request.Timeout
// for a transport.Timed, with no context deadline of its own (a Go timer
// per request is what Timed saves), and through the context's deadline for
// any other transport.
func TestTimeoutGoesWhereTheTransportTakesIt(t *testing.T) {
	const timeout = 7 * time.Second
	type seen struct {
		timeout     time.Duration
		hasDeadline bool
	}
	record := func(got *seen) transport.Func {
		return func(ctx context.Context, req *transport.Request) (*transport.Response, error) {
			_, got.hasDeadline = ctx.Deadline()
			got.timeout = req.Timeout
			return nil, context.DeadlineExceeded
		}
	}
	for _, c := range []struct {
		name string
		tr   func(*seen) transport.Transport
		want seen
	}{
		{"timed", func(s *seen) transport.Transport { return timedFunc{record(s)} }, seen{timeout: timeout}},
		{"plain", func(s *seen) transport.Transport { return record(s) }, seen{hasDeadline: true}},
	} {
		var got seen
		a, err := ory.New(ory.Config{BaseURL: "http://127.0.0.1:4433", Kind: machine.FlowAPI, Transport: c.tr(&got), Timeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.CreateFlow(context.Background(), machine.FlowRequest{})
		if machine.CodeOf(err) != machine.CodeTimeout {
			t.Errorf("%s: err = %v, want a timeout", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s: the transport saw %+v, want %+v", c.name, got, c.want)
		}
	}
}
