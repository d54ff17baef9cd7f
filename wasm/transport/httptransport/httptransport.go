//go:build !js

// Package httptransport is the host's transport.Transport: net/http with an
// optional cookie jar that plays the browser's part in the browser flow.
// It is never linked into the wasm build (fetch does that job there).
package httptransport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"

	"github.com/orylogin/orylogin/wasm/transport"
)

// Transport sends requests with an http.Client. Cookies go to and come from
// Jar only for requests whose Credentials are "include", as fetch does.
type Transport struct {
	Client *http.Client
	Jar    http.CookieJar
}

// New returns a Transport with its own cookie jar and no redirects followed.
func New() *Transport {
	jar, _ := cookiejar.New(nil)
	return &Transport{
		Client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		Jar:    jar,
	}
}

// Do implements transport.Transport.
func (t *Transport) Do(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", transport.ErrNetwork, err)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	include := r.Credentials == transport.CredentialsInclude && t.Jar != nil
	if include {
		for _, c := range t.Jar.Cookies(req.URL) {
			req.AddCookie(c)
		}
	}
	res, err := t.Client.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w: %v", transport.ErrNetwork, errors.Unwrap(err))
	}
	defer res.Body.Close()
	if include {
		t.Jar.SetCookies(req.URL, res.Cookies())
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, transport.MaxBodyBytes+1))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w: %v", transport.ErrNetwork, err)
	}
	h := make(map[string]string, len(res.Header))
	for k, v := range res.Header {
		h[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return &transport.Response{Status: res.StatusCode, Header: h, Body: data}, nil
}
