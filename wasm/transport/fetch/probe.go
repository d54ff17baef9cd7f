//go:build js && wasm

package fetch

import (
	"context"

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
func (t *Transport) failure(ctx context.Context, rawURL string, cause error) error {
	if !isRejection(cause, "TypeError") || !inBrowser() {
		return networkError(cause)
	}
	if t.refusedByCORS(ctx, rawURL) {
		return wrap(transport.ErrCORSRefused.Error()+": "+transport.ErrNetwork.Error()+": fetch: "+errorText(cause),
			transport.ErrCORSRefused, transport.ErrNetwork)
	}
	return networkError(cause)
}

// inBrowser says whether the module runs where fetch enforces CORS: a page
// (globalThis.document) or a web worker (globalThis.WorkerGlobalScope).
func inBrowser() bool {
	for _, name := range []string{"document", "WorkerGlobalScope"} {
		v, err := jsx.Global().Get(name)
		if err == nil && !v.IsUndefined() && !v.IsNull() {
			return true
		}
	}
	return false
}

// refusedByCORS says whether rawURL's origin answers a no-cors probe
// (opaque to the page, which is enough: a no-cors fetch resolves only when
// the server answered) but refuses a cors one, before ctx ends.
func (t *Transport) refusedByCORS(ctx context.Context, rawURL string) bool {
	origin, ok := weburl.Origin(rawURL)
	if !ok {
		return false
	}
	probe := origin + probePath
	if !t.probeAnswers(ctx, probe, "no-cors") {
		return false // nothing answers: Ory is unreachable
	}
	return !t.probeAnswers(ctx, probe, "cors") && ctx.Err() == nil // allowed by CORS: the first failure was the network's
}

// probeAnswers GETs probe in mode, without cookies, headers or body, and
// says whether an answer came before ctx ended. Redirects are followed:
// Chromium refuses a no-cors request whose redirect mode is "manual".
func (t *Transport) probeAnswers(ctx context.Context, probe, mode string) bool {
	_, err := t.send(ctx, "GET", probe, nil, nil, transport.CredentialsOmit, mode, "follow", 0)
	return err == nil
}
