//go:build js && wasm

package fetch

import (
	"context"
	"errors"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Transport performs each request with one call of the loader's request
// helper.
type Transport struct {
	request    jsx.Value // web/orylogin.js's request(…)
	uint8Array jsx.Value // the Uint8Array constructor, for request bodies
}

// New returns a Transport that sends through request, the function the
// loader's glue holds as request (see web/orylogin.js). A request that is
// not a function makes every Do fail with a network error that says so.
func New(request jsx.Value) *Transport {
	t := &Transport{request: request, uint8Array: jsx.Undefined()}
	if ctor, err := jsx.Global().Get("Uint8Array"); err == nil && ctor.Type() == jsx.TypeFunction {
		t.uint8Array = ctor
	}
	return t
}

// errNoHelper is the cause of every failure of a Transport without the
// loader's request helper.
var errNoHelper = errors.New("no request helper: load orylogin.wasm with orylogin.js")

// Do implements transport.Transport. A rejected fetch (refused, DNS, CORS)
// is an error wrapping transport.ErrNetwork, and also
// transport.ErrCORSRefused when a browser's no-cors probe shows that the
// server answers (see failure); when ctx ends first the request is aborted
// and ctx.Err() returned, and when req.Timeout passes first (the helper's
// timer) an error wrapping context.DeadlineExceeded. A redirect that the
// browser hides (an "opaqueredirect" response) is Status 0 with an empty
// body.
func (t *Transport) Do(ctx context.Context, req *transport.Request) (*transport.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	credentials := transport.CredentialsOmit
	if req.Credentials == transport.CredentialsInclude {
		credentials = transport.CredentialsInclude
	}
	a, err := t.send(ctx, req.Method, req.URL, req.Header, req.Body, credentials, "cors", "manual", req.Timeout)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		if req.Timeout > 0 { // the CORS probes get the same bound again
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, req.Timeout)
			defer cancel()
		}
		return nil, t.failure(ctx, req.URL, err)
	}
	return a.response()
}

// TimesRequests implements transport.Timed: the helper ends a request at
// its Timeout with its own JS timer.
func (t *Transport) TimesRequests() {}

// errTimedOut is the error of a request that the helper ended at its
// Timeout.
var errTimedOut = wrap("the request timed out: "+context.DeadlineExceeded.Error(), context.DeadlineExceeded)

// networkError wraps cause with transport.ErrNetwork.
func networkError(cause error) error {
	return wrap(transport.ErrNetwork.Error()+": fetch: "+errorText(cause), transport.ErrNetwork)
}

// wrapped is an error with its own text that errors.Is and errors.As see
// through to errs (fmt.Errorf's %w, without fmt in the module).
type wrapped struct {
	text string
	errs []error
}

func (e *wrapped) Error() string   { return e.text }
func (e *wrapped) Unwrap() []error { return e.errs }

// wrap returns an error reading text that wraps errs.
func wrap(text string, errs ...error) error { return &wrapped{text, errs} }

// errorText is err's text, "<nil>" for none (as fmt's %v prints it).
func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
