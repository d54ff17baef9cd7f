package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/orylogin/orylogin/wasm/transport"
)

// Transport answers each request with the next recorded exchange that
// matches it (method, path and query, and the JSON body without csrf_token),
// searching forward from the last one used, so a client may skip recorded
// requests it does not make but never go back. A request that matches
// nothing is an error.
type Transport struct {
	base string
	xs   []Exchange

	mu   sync.Mutex
	next int
	used int
}

// New returns a Transport that serves xs for a server at base
// ("http://127.0.0.1:4433").
func New(base string, xs []Exchange) *Transport {
	return &Transport{base: strings.TrimRight(base, "/"), xs: xs}
}

// ErrNoMatch is returned for a request the transcript has no answer to.
var ErrNoMatch = fmt.Errorf("replay: no recorded exchange matches")

// Do implements transport.Transport.
func (t *Transport) Do(_ context.Context, r *transport.Request) (*transport.Response, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := t.next; i < len(t.xs); i++ {
		x := t.xs[i]
		if x.Request.Method == r.Method && t.base+x.Request.URL == r.URL && sameBody(r.Body, x.Request.Body) {
			t.next = i + 1
			t.used++
			return &transport.Response{Status: x.Response.Status, Header: x.Response.Header, Body: []byte(x.Response.Body)}, nil
		}
	}
	return nil, fmt.Errorf("%w %s %s", ErrNoMatch, r.Method, r.URL)
}

// Used returns how many recorded exchanges were served.
func (t *Transport) Used() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.used
}

// sameBody compares two JSON bodies without their csrf_token, which a
// client fills from the flow it holds (the placeholder) or leaves empty.
func sameBody(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y map[string]any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	delete(x, "csrf_token")
	delete(y, "csrf_token")
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
