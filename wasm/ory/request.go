package ory

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// call is one request the adapter makes.
type call struct {
	method string
	path   string
	query  weburl.Values
	body   any  // marshalled as JSON when not nil
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
		b, err := json.Marshal(c.body)
		if err != nil {
			return nil, machine.NewError(machine.CodeInternal, 0, "could not encode the request").Wrap(err)
		}
		req.Body = b
		req.Header["Content-Type"] = "application/json"
	}
	if tok := a.sessionToken(); c.bearer && tok != "" {
		req.Header["Authorization"] = "Bearer " + tok
	}

	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
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

// statusError returns the error for answers that carry no protocol meaning:
// 5xx, 429, redirects (and fetch's opaque redirect, status 0) unless
// redirectOK, and bodies over the cap.
func statusError(res *transport.Response, redirectOK bool) error {
	switch {
	case res.Status >= 500:
		return machine.NewError(machine.CodeServer, res.Status, "Ory failed")
	case res.Status == 429:
		e := machine.NewError(machine.CodeRateLimited, res.Status, "Ory asks to slow down")
		e.RetryAfter = retryAfter(res.Header["retry-after"])
		return e
	case !redirectOK && (res.Status < 200 || (res.Status >= 300 && res.Status < 400)):
		return machine.NewError(machine.CodeBadResponse, res.Status, "Ory redirected instead of answering with JSON")
	case len(res.Body) > transport.MaxBodyBytes:
		return machine.NewError(machine.CodeBadResponse, res.Status, "Ory's answer is too large")
	}
	return nil
}

// retryAfter reads a Retry-After header given in seconds; an HTTP date or
// anything else gives 0.
func retryAfter(v string) int {
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}
