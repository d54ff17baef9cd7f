//go:build js && wasm

package fetch

import (
	"strconv"
	"testing"

	"github.com/orylogin/orylogin/wasm/internal/jstest"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// serverJS starts a real HTTP server of Node's on 127.0.0.1 and resolves
// with {port, close, hits}. Paths:
//
//	/echo            201 JSON {method, headers, body (base64)}, two retry-after headers, an x-other
//	/sized?n=N       N bytes with content-length
//	/chunked?n=N     N bytes without content-length
//	/redirect        303 to /echo
//	/hang            never answers
//	/stall           headers and 10 bytes, then nothing
//	/empty           204
const serverJS = `
const http = (globalThis.process && process.getBuiltinModule) ? process.getBuiltinModule("http") : require("http");
return new Promise((resolve, reject) => {
  const hits = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url, "http://127.0.0.1");
      hits.push(u.pathname);
      const n = Number(u.searchParams.get("n") || 0);
      switch (u.pathname) {
      case "/echo":
        res.writeHead(201, [["content-type", "application/json"], ["Retry-After", "1"], ["Retry-After", "2"], ["X-Other", "x"]]);
        res.end(JSON.stringify({method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("base64")}));
        return;
      case "/sized":
        res.writeHead(200, {"content-length": String(n)});
        res.end(Buffer.alloc(n, 0x61));
        return;
      case "/chunked": {
        res.writeHead(200, {"content-type": "application/octet-stream"});
        let left = n;
        while (left > 0) { const k = Math.min(left, 65536); res.write(Buffer.alloc(k, 0x62)); left -= k; }
        res.end();
        return;
      }
      case "/redirect":
        res.writeHead(303, {location: "/echo"});
        res.end();
        return;
      case "/hang":
        return;
      case "/stall":
        res.writeHead(200, {"content-length": "100"});
        res.write(Buffer.alloc(10, 0x63));
        return;
      case "/empty":
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  server.on("error", reject);
  server.listen(0, "127.0.0.1", () => resolve({
    port: server.address().port,
    hits: () => hits.join(","),
    close: () => { server.closeAllConnections(); server.close(); },
  }));
});`

// testServer is a running Node HTTP server.
type testServer struct {
	base string
	obj  jsx.Value
}

// startServer starts serverJS and stops it when t ends.
func startServer(t testing.TB) *testServer {
	t.Helper()
	v := jsCall(t, serverJS)
	pv, err := v.Get("port")
	if err != nil {
		t.Fatal(err)
	}
	port, err := pv.Int()
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{base: "http://127.0.0.1:" + strconv.Itoa(port), obj: v}
	t.Cleanup(func() {
		if _, err := v.Call("close"); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	return s
}

// hits returns the paths the server saw, comma-separated.
func (s *testServer) hits(t *testing.T) string {
	t.Helper()
	v, err := s.obj.Call("hits")
	if err != nil {
		t.Fatal(err)
	}
	str, _ := v.String()
	return str
}

// jsCall runs body as a JS function and awaits its result if it is a
// promise.
func jsCall(t testing.TB, body string, args ...any) jsx.Value {
	t.Helper()
	fn := jsFunc(t, body)
	v, err := fn.Invoke(args...)
	if err != nil {
		t.Fatalf("JS helper: %v", err)
	}
	if jstest.IsPromise(v) {
		v, err = awaitPromise(v)
		if err != nil {
			t.Fatalf("JS helper: %v", err)
		}
	}
	return v
}

// awaitPromise waits up to 20 s for p to settle; a rejection is an error.
func awaitPromise(p jsx.Value) (jsx.Value, error) {
	v, rejected, err := jstest.Await(p)
	if err != nil {
		return p, err
	}
	if rejected {
		return v, rejection{reason: v}
	}
	return v, nil
}

// loaderRequest is the request helper of the real loader (web/orylogin.js's
// glue), which the product hands to New.
func loaderRequest() (jsx.Value, error) {
	glue, err := jstest.Glue()
	if err != nil {
		return glue, err
	}
	return glue.Get("request")
}

// newTransport returns a Transport over the real loader's request helper.
func newTransport(t testing.TB) *Transport {
	t.Helper()
	request, err := loaderRequest()
	if err != nil {
		t.Fatalf("import web/orylogin.js: %v", err)
	}
	return New(request)
}

// jsFunc returns new Function(params..., body); test only (Node has no CSP).
func jsFunc(t testing.TB, body string, params ...string) jsx.Value {
	t.Helper()
	fn, err := jstest.Func(body, params...)
	if err != nil {
		t.Fatal(err)
	}
	return fn
}
