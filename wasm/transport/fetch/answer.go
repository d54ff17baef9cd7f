//go:build js && wasm

package fetch

import (
	"errors"
	"strings"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/transport"
)

// answer is what the helper reported for a request that got an HTTP
// answer (see request in web/orylogin.js).
type answer struct {
	status  int
	headers string    // "name\nvalue\n" pairs
	body    jsx.Value // a Uint8Array, or null when content-length is over the cap
}

// settled reads the arguments of the helper's settle(id, reason, status,
// headers, body) after the id: a reason other than undefined is a
// rejection error.
func settled(args []jsx.Value) (answer, error) {
	if len(args) == 0 {
		return answer{}, errors.New("the request helper settled without a word")
	}
	if !args[0].IsUndefined() {
		return answer{}, rejection{reason: args[0]}
	}
	if len(args) < 4 || args[1].Type() != jsx.TypeNumber || args[2].Type() != jsx.TypeString {
		return answer{}, errors.New("the request helper settled with a malformed answer")
	}
	status, err := args[1].Int()
	if err != nil {
		return answer{}, err
	}
	headers, err := args[2].String()
	if err != nil {
		return answer{}, err
	}
	return answer{status: status, headers: headers, body: args[3]}, nil
}

// response turns a into a transport.Response. A body the helper did not
// read because content-length declared it over the cap is readCap bytes
// long, which the adapter refuses as too large.
func (a answer) response() (*transport.Response, error) {
	out := &transport.Response{Status: a.status, Header: parseHeaders(a.headers)}
	if a.body.IsNull() {
		out.Body = make([]byte, readCap)
		return out, nil
	}
	n, err := a.body.Length()
	if err != nil {
		return nil, networkError(err)
	}
	out.Body = make([]byte, min(n, readCap))
	if n > 0 {
		if n, err = jsx.CopyBytesToGo(out.Body, a.body); err != nil {
			return nil, networkError(err)
		}
		out.Body = out.Body[:n]
	}
	return out, nil
}

// parseHeaders reads the helper's "name\nvalue\n" pairs into a map.
func parseHeaders(s string) map[string]string {
	h := make(map[string]string, len(transport.ResponseHeaders))
	for s != "" {
		name, rest, _ := strings.Cut(s, "\n")
		value, rest, _ := strings.Cut(rest, "\n")
		h[name] = value
		s = rest
	}
	return h
}

// rejection is the helper's rejection reason (fetch's, or the abort's) as
// an error.
type rejection struct{ reason jsx.Value }

// Error returns the reason's text (its "name: message" for an Error).
func (r rejection) Error() string {
	s, err := r.reason.Call("toString")
	if err != nil {
		return "request rejected"
	}
	text, err := s.String()
	if err != nil {
		return "request rejected"
	}
	return text
}

// isRejection says whether err is a rejection whose reason is named name
// ("TypeError").
func isRejection(err error, name string) bool {
	var r rejection
	if !errors.As(err, &r) {
		return false
	}
	n, err := r.reason.Get("name")
	if err != nil {
		return false
	}
	s, err := n.String()
	return err == nil && s == name
}
