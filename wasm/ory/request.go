package ory

import (
	"context"
	"errors"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// call is one request the adapter makes.
type call struct {
	method string
	path   string
	query  weburl.Values
	body   any  // written as JSON (encodeBody) when not nil
	bearer bool // send the API flow's session token
	// redirectOK leaves a redirect to the caller's classifier (login-flow
	// requests, where a flow creation's 303 names the flow).
	redirectOK bool
}

// do performs c and returns Ory's response, or an *machine.Error when no
// usable HTTP answer came: network failure, CORS refusal, timeout, 5xx, 429, a redirect,
// or a body over the cap.
func (a *Adapter) do(ctx context.Context, c call) (*transport.Response, error) {
	req := &transport.Request{
		Method:      c.method,
		URL:         a.base + c.path,
		Header:      map[string]string{"Accept": "application/json"},
		Credentials: transport.CredentialsOmit,
	}
	if len(c.query) > 0 {
		req.URL += "?" + c.query.Encode()
	}
	if a.kind == machine.FlowBrowser {
		req.Credentials = transport.CredentialsInclude
	}
	if c.body != nil {
		b, err := encodeBody(c.body)
		if err != nil {
			return nil, machine.NewError(machine.CodeInternal, 0, "could not encode the request").Wrap(err)
		}
		req.Body = b
		req.Header["Content-Type"] = "application/json"
	}
	if tok := a.sessionToken(); c.bearer && tok != "" {
		req.Header["Authorization"] = "Bearer " + tok
	}

	if _, ok := a.tr.(transport.Timed); ok {
		req.Timeout = a.timeout
	} else {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	start := time.Now()
	res, err := a.tr.Do(ctx, req)
	if a.onExchange != nil {
		a.onExchange(newPendingExchange(req, res, time.Since(start)))
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, machine.NewError(machine.CodeTimeout, 0, "Ory did not answer in time").Wrap(err)
		}
		if errors.Is(err, transport.ErrCORSRefused) {
			return nil, machine.NewError(machine.CodeCORSRefused, 0,
				"Ory answers, but its CORS settings do not allow this page's origin: add the origin to Ory's allowed CORS origins, or serve the page and Ory on one site").Wrap(err)
		}
		return nil, machine.NewError(machine.CodeNetwork, 0, "could not reach Ory").Wrap(err)
	}
	return res, statusError(res, c.redirectOK)
}
