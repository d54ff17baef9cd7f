//go:build js && wasm

package fetch

import (
	"context"
	"fmt"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Transport performs each request with one call of globalThis.fetch. The
// zero value is ready to use.
type Transport struct{}

// New returns a Transport.
func New() *Transport { return &Transport{} }

// Do implements transport.Transport. A rejected fetch (refused, DNS, CORS)
// is an error wrapping transport.ErrNetwork, and also
// transport.ErrCORSRefused when a browser's no-cors probe shows that the
// server answers (see failure); when ctx ends first the
// request is aborted and ctx.Err() returned. A redirect that the browser
// hides (an "opaqueredirect" response) is Status 0 with an empty body.
func (t *Transport) Do(ctx context.Context, req *transport.Request) (*transport.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctl, err := jsx.Construct("AbortController")
	if err != nil {
		return nil, networkError(err)
	}
	abort := func() { ctl.Call("abort") }
	signal, err := ctl.Get("signal")
	if err != nil {
		return nil, networkError(err)
	}
	init, err := requestInit(req, signal)
	if err != nil {
		return nil, networkError(err)
	}
	p, err := safejs.Global().Call("fetch", req.URL, init)
	if err != nil {
		return nil, networkError(err)
	}
	res, err := await(ctx, p, abort)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, failure(ctx, req.URL, err)
	}
	out, err := readResponse(ctx, res, abort)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, networkError(err)
	}
	return out, nil
}

// networkError wraps cause with transport.ErrNetwork.
func networkError(cause error) error {
	return fmt.Errorf("%w: fetch: %v", transport.ErrNetwork, cause)
}
