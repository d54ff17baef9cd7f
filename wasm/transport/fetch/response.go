//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// readCap is how many body bytes a Transport keeps: one more than the
// adapter accepts, so that it can tell an oversized body.
const readCap = transport.MaxBodyBytes + 1

// readResponse turns fetch's Response into a transport.Response: status,
// lower-case headers and at most readCap bytes of body. A body that
// content-length already declares too large is not read: the download is
// aborted and the Body is readCap bytes long, which the adapter refuses as
// over the cap.
func readResponse(ctx context.Context, res safejs.Value, abort func()) (*transport.Response, error) {
	kind, err := stringProp(res, "type")
	if err != nil {
		return nil, err
	}
	if kind == "opaqueredirect" {
		return &transport.Response{Status: 0, Header: map[string]string{}}, nil
	}
	status, err := intProp(res, "status")
	if err != nil {
		return nil, err
	}
	header, err := readHeaders(res)
	if err != nil {
		return nil, err
	}
	out := &transport.Response{Status: status, Header: header}
	if cl, ok := header["content-length"]; ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64); err == nil && n > transport.MaxBodyBytes {
			abort()
			out.Body = make([]byte, readCap)
			return out, nil
		}
	}
	out.Body, err = readBody(ctx, res, abort)
	return out, err
}

// readHeaders returns res.headers as a map with lower-case names; repeated
// names are joined with ", ".
func readHeaders(res safejs.Value) (map[string]string, error) {
	h, err := res.Get("headers")
	if err != nil {
		return nil, err
	}
	array, err := safejs.Global().Get("Array")
	if err != nil {
		return nil, err
	}
	pairs, err := array.Call("from", h)
	if err != nil {
		return nil, err
	}
	n, err := pairs.Length()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, n)
	for i := range n {
		pair, err := pairs.Index(i)
		if err != nil {
			return nil, err
		}
		k, err := indexString(pair, 0)
		if err != nil {
			return nil, err
		}
		v, err := indexString(pair, 1)
		if err != nil {
			return nil, err
		}
		k = strings.ToLower(k)
		if prev, ok := out[k]; ok {
			v = prev + ", " + v
		}
		out[k] = v
	}
	return out, nil
}

// readBody reads the body with arrayBuffer() and keeps at most readCap
// bytes of it.
func readBody(ctx context.Context, res safejs.Value, abort func()) ([]byte, error) {
	p, err := res.Call("arrayBuffer")
	if err != nil {
		return nil, err
	}
	buf, err := await(ctx, p, abort)
	if err != nil {
		return nil, err
	}
	size, err := intProp(buf, "byteLength")
	if err != nil {
		return nil, err
	}
	size = min(size, readCap)
	if size == 0 {
		return []byte{}, nil
	}
	view, err := jsx.Construct("Uint8Array", buf, 0, size)
	if err != nil {
		return nil, err
	}
	body := make([]byte, size)
	n, err := safejs.CopyBytesToGo(body, view)
	if err != nil {
		return nil, err
	}
	return body[:n], nil
}

func stringProp(v safejs.Value, name string) (string, error) {
	p, err := v.Get(name)
	if err != nil {
		return "", err
	}
	if p.Type() != safejs.TypeString {
		return "", errors.New(name + " is not a string")
	}
	return p.String()
}

func intProp(v safejs.Value, name string) (int, error) {
	p, err := v.Get(name)
	if err != nil {
		return 0, err
	}
	if p.Type() != safejs.TypeNumber {
		return 0, errors.New(name + " is not a number")
	}
	return p.Int()
}

func indexString(v safejs.Value, i int) (string, error) {
	x, err := v.Index(i)
	if err != nil {
		return "", err
	}
	return x.String()
}
