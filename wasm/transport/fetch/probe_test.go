//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"testing"

	"github.com/orylogin/orylogin/wasm/transport"
)

// fakeBrowser replaces globalThis.fetch with one that rejects the first
// (cors) request with a TypeError, as a browser does for a CORS refusal, a
// reset and an unreachable server alike; answers a no-cors request with an
// opaque response when probe is "opaque" or "allowed", else rejects; and
// answers a later cors request only when probe is "allowed" (the origin is
// allowed: the first failure was the network's). With browser it also
// defines globalThis.document. It returns the calls' "mode credentials url"
// lines and a restore function.
func fakeBrowser(t *testing.T, browser bool, probe string) (calls func() string, restore func()) {
	t.Helper()
	v := jsCall(t, `
const [browser, probe] = arguments;
const orig = globalThis.fetch, hadDoc = "document" in globalThis, calls = [];
if (browser) globalThis.document = {};
globalThis.fetch = (url, init) => {
  calls.push((init?.mode || "") + " " + (init?.credentials || "") + " " + (init?.redirect || "") + " " + url);
  if (init?.mode === "no-cors" && (probe === "opaque" || probe === "allowed")) {
    return Promise.resolve({type: "opaque", status: 0, headers: new Headers()});
  }
  if (init?.mode === "cors" && calls.length > 1 && probe === "allowed") {
    return Promise.resolve({type: "cors", status: 200, headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(0)});
  }
  return Promise.reject(new TypeError("Failed to fetch"));
};
return {calls: () => calls.join("\n"), restore: () => { globalThis.fetch = orig; if (!hadDoc) delete globalThis.document; }};`,
		browser, probe)
	return func() string {
			s, _ := v.Call("calls")
			str, _ := s.String()
			return str
		}, func() {
			v.Call("restore")
		}
}

func TestCORSRefusedWhenProbeIsOpaque(t *testing.T) {
	calls, restore := fakeBrowser(t, true, "opaque")
	defer restore()
	_, err := do(t, context.Background(), &transport.Request{
		Method: "POST", URL: "http://127.0.0.1:4433/self-service/login?flow=f", Body: []byte("{}"),
		Credentials: transport.CredentialsInclude,
	})
	if !errors.Is(err, transport.ErrCORSRefused) || !errors.Is(err, transport.ErrNetwork) {
		t.Fatalf("err = %v, want ErrCORSRefused wrapping ErrNetwork", err)
	}
	want := "cors include manual http://127.0.0.1:4433/self-service/login?flow=f\n" +
		"no-cors omit follow http://127.0.0.1:4433/health/alive\ncors omit follow http://127.0.0.1:4433/health/alive"
	if got := calls(); got != want {
		t.Errorf("fetch calls:\n%s\nwant:\n%s", got, want)
	}
}

func TestNetworkWhenProbeRejects(t *testing.T) {
	calls, restore := fakeBrowser(t, true, "reject")
	defer restore()
	_, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:4433/sessions/whoami"})
	if !errors.Is(err, transport.ErrNetwork) || errors.Is(err, transport.ErrCORSRefused) {
		t.Fatalf("err = %v, want ErrNetwork only", err)
	}
	if got := calls(); got != "cors omit manual http://127.0.0.1:4433/sessions/whoami\nno-cors omit follow http://127.0.0.1:4433/health/alive" {
		t.Errorf("fetch calls: %s", got)
	}
}

func TestNetworkWhenTheOriginIsAllowed(t *testing.T) {
	calls, restore := fakeBrowser(t, true, "allowed") // a reset while Ory is up and allows the page
	defer restore()
	_, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:4433/sessions/whoami"})
	if !errors.Is(err, transport.ErrNetwork) || errors.Is(err, transport.ErrCORSRefused) {
		t.Fatalf("err = %v, want ErrNetwork only", err)
	}
	want := "cors omit manual http://127.0.0.1:4433/sessions/whoami\n" +
		"no-cors omit follow http://127.0.0.1:4433/health/alive\ncors omit follow http://127.0.0.1:4433/health/alive"
	if got := calls(); got != want {
		t.Errorf("fetch calls:\n%s\nwant:\n%s", got, want)
	}
}

func TestNodeNeverProbes(t *testing.T) {
	calls, restore := fakeBrowser(t, false, "opaque")
	defer restore()
	_, err := do(t, context.Background(), &transport.Request{Method: "GET", URL: "http://127.0.0.1:4433/sessions/whoami"})
	if !errors.Is(err, transport.ErrNetwork) || errors.Is(err, transport.ErrCORSRefused) {
		t.Fatalf("err = %v, want ErrNetwork only", err)
	}
	if got := calls(); got != "cors omit manual http://127.0.0.1:4433/sessions/whoami" {
		t.Errorf("fetch calls: %s (want no probe outside a browser)", got)
	}
}
