// Package transport defines how orylogin's Ory adapter moves bytes: one
// request in, one response out. It has no dependencies, so every back end
// (fetch in the browser and Node, net/http on the host, the offline Ory, a
// recorded transcript) can implement it without pulling the others in.
package transport

import (
	"context"
	"errors"
	"time"
)

// MaxBodyBytes caps how much of a response body a Transport reads. A
// Transport reads at most MaxBodyBytes+1 bytes, so the adapter can tell an
// oversized body from one that is exactly at the cap.
const MaxBodyBytes = 1 << 20

// Credentials says whether the browser attaches its cookies to a request,
// as fetch's `credentials` option does.
type Credentials string

// Credentials modes, named as fetch names them.
const (
	CredentialsOmit    Credentials = "omit"
	CredentialsInclude Credentials = "include"
)

// Request is one HTTP request to Ory. Header keys are canonical
// ("Content-Type"); Body is nil for GET and DELETE without a body.
type Request struct {
	Method      string
	URL         string
	Header      map[string]string
	Body        []byte
	Credentials Credentials
	// Timeout, when above 0, is how long a Timed transport lets the request
	// take before it fails with an error wrapping context.DeadlineExceeded.
	// Other transports leave it to the caller's context.
	Timeout time.Duration
}

// Timed is a Transport that ends each request at its Timeout itself, so
// its caller sets no context timer: on js/wasm a Go timer costs the
// scheduler a JS timeout and several clock reads around every request,
// where the fetch helper's own JS timer costs one setTimeout.
type Timed interface {
	Transport
	TimesRequests()
}

// ResponseHeaders are the response headers orylogin reads, lower case. A
// Transport reports each of them that the answer has; it may leave others
// out (the fetch transport does: every header copied from JS into Go costs
// time on every request).
var ResponseHeaders = []string{"content-type", "location", "retry-after"}

// Response is Ory's answer. Header keys are lower case ("content-type"),
// as fetch's Headers reports them, and hold at least ResponseHeaders. Body
// holds at most MaxBodyBytes+1 bytes.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Transport performs one request. It returns an error only when no HTTP
// answer arrived (network failure, abort, context deadline); any status,
// 4xx and 5xx included, is a Response. A Transport never retries and never
// follows redirects (fetch's redirect: "manual").
type Transport interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// Func adapts a function to a Transport.
type Func func(ctx context.Context, req *Request) (*Response, error)

// Do calls f.
func (f Func) Do(ctx context.Context, req *Request) (*Response, error) { return f(ctx, req) }

// ErrNetwork marks a failure below HTTP (refused, reset, DNS, CORS refusal
// in a browser). Transports wrap their own cause with it; a context error
// (deadline or cancel) is returned as the context's error instead.
var ErrNetwork = errors.New("network failure")

// ErrCORSRefused marks a browser request that failed although the server
// answers: its CORS settings do not allow the page's origin, so the browser
// hid the answer. An error that wraps it also wraps ErrNetwork (no answer
// reached the caller), so code that knows only ErrNetwork still sees a
// network failure.
var ErrCORSRefused = errors.New("CORS refused")
