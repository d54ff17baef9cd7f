//go:build js && wasm

package fetch

import (
	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// requestInit builds fetch's second argument for req: method, headers,
// body as a Uint8Array, credentials ("include" only when the request asks
// for it, else "omit"), redirect "manual", mode "cors", cache "no-store",
// and the abort signal.
func requestInit(req *transport.Request, signal safejs.Value) (safejs.Value, error) {
	init, err := jsx.Construct("Object")
	if err != nil {
		return init, err
	}
	headers, err := jsx.Construct("Object")
	if err != nil {
		return init, err
	}
	for k, v := range req.Header {
		if err := headers.Set(k, v); err != nil {
			return init, err
		}
	}
	credentials := transport.CredentialsOmit
	if req.Credentials == transport.CredentialsInclude {
		credentials = transport.CredentialsInclude
	}
	fields := []struct {
		name  string
		value any
	}{
		{"method", req.Method},
		{"headers", headers},
		{"credentials", string(credentials)},
		{"redirect", "manual"},
		{"mode", "cors"},
		{"cache", "no-store"},
		{"signal", signal},
	}
	for _, f := range fields {
		if err := init.Set(f.name, f.value); err != nil {
			return init, err
		}
	}
	if req.Body != nil {
		body, err := jsx.Construct("Uint8Array", len(req.Body))
		if err != nil {
			return init, err
		}
		if _, err := safejs.CopyBytesToJS(body, req.Body); err != nil {
			return init, err
		}
		if err := init.Set("body", body); err != nil {
			return init, err
		}
	}
	return init, nil
}
