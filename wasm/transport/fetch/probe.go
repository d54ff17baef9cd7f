//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"fmt"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"github.com/orylogin/orylogin/wasm/transport"
)

// probePath is what the CORS probe asks for: Kratos's liveness check, which
// has no side effects (a flow URL could create a flow, and on Kratos v26
// every aal2 flow creation mails a code). Any HTTP answer will do, a 404
// from another server included: the probe only asks whether the origin
// answers at all.
const probePath = "/health/alive"

// failure returns the error for a fetch that rejected with cause. A
// browser rejects with a TypeError both when the server is unreachable (or
// reset the connection) and when its CORS answer does not allow the page's
// origin, and shows no difference. Two probes of the origin's probePath
// tell them apart: a no-cors request needs no CORS permission and resolves
// with an opaque response whenever the server answers; a plain cors GET
// then shows whether the server allows this origin. So in a browser, for a
// TypeError: opaque, then the cors GET refused, gives an error wrapping
// transport.ErrCORSRefused (and transport.ErrNetwork); anything else (no
// answer at all, or the origin allowed, so the failure was the network's)
// a plain network error. Both probes send no cookie, no header and no body.
// Node.js has no CORS and is never probed.
func failure(ctx context.Context, rawURL string, cause error) error {
	if !isTypeError(cause) || !inBrowser() {
		return networkError(cause)
	}
	if refusedByCORS(ctx, rawURL) {
		return fmt.Errorf("%w: %w: fetch: %v", transport.ErrCORSRefused, transport.ErrNetwork, cause)
	}
	return networkError(cause)
}

// isTypeError says whether a fetch rejection's reason is a TypeError, the
// reason fetch gives for every network and CORS failure.
func isTypeError(err error) bool {
	var r rejection
	if !errors.As(err, &r) {
		return false
	}
	name, err := r.reason.Get("name")
	if err != nil {
		return false
	}
	s, err := name.String()
	return err == nil && s == "TypeError"
}

// inBrowser says whether the module runs where fetch enforces CORS: a page
// (globalThis.document) or a web worker (globalThis.WorkerGlobalScope).
func inBrowser() bool {
	for _, name := range []string{"document", "WorkerGlobalScope"} {
		v, err := safejs.Global().Get(name)
		if err == nil && !v.IsUndefined() && !v.IsNull() {
			return true
		}
	}
	return false
}

// refusedByCORS says whether rawURL's origin answers a no-cors probe (an
// opaque response) but refuses a cors one, before ctx ends.
func refusedByCORS(ctx context.Context, rawURL string) bool {
	origin, ok := weburl.Origin(rawURL)
	if !ok {
		return false
	}
	probe := origin + probePath
	res, ok := probeFetch(ctx, probe, "no-cors")
	if !ok {
		return false // nothing answers: Ory is unreachable
	}
	typ, err := res.Get("type")
	if err != nil {
		return false
	}
	if s, err := typ.String(); err != nil || s != "opaque" {
		return false
	}
	_, ok = probeFetch(ctx, probe, "cors")
	return !ok && ctx.Err() == nil // allowed by CORS: the first failure was the network's
}

// probeFetch GETs probe in mode with credentials "omit" and says whether
// fetch resolved before ctx ended.
func probeFetch(ctx context.Context, probe, mode string) (safejs.Value, bool) {
	ctl, err := jsx.Construct("AbortController")
	if err != nil {
		return safejs.Undefined(), false
	}
	signal, err := ctl.Get("signal")
	if err != nil {
		return safejs.Undefined(), false
	}
	init, err := jsx.Construct("Object")
	if err != nil {
		return safejs.Undefined(), false
	}
	for k, v := range map[string]any{"mode": mode, "credentials": "omit", "cache": "no-store", "signal": signal} {
		if err := init.Set(k, v); err != nil {
			return safejs.Undefined(), false
		}
	}
	p, err := safejs.Global().Call("fetch", probe, init)
	if err != nil {
		return safejs.Undefined(), false
	}
	res, err := await(ctx, p, func() { ctl.Call("abort") })
	if err != nil {
		return safejs.Undefined(), false
	}
	return res, true
}
