//go:build !js

package main

import (
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
)

// proxyPrefix is where the dev server mounts a real Ory on the page's own
// origin, as Ory's tunnel does, so that Ory's cookies are first-party.
const proxyPrefix = "/ory"

// parseOryURL checks the -ory flag: an absolute http(s) URL without query
// or fragment. Its path, if any, stays a prefix of every proxied path.
func parseOryURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("-ory: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("-ory: want an http(s) URL such as https://<slug>.projects.oryapis.com, got %q", raw)
	}
	return u, nil
}

// oryProxy forwards /ory/… to upstream/…. It rewrites what would make Ory's
// answers foreign to the page: Set-Cookie loses its Domain (the cookie then
// belongs to the page's host), and on a plain-http page its Secure flag
// (SameSite=None then becomes Lax, which browsers require without Secure);
// a Location on upstream's origin is moved under /ory. Bodies pass as they
// are: Ory builds absolute URLs in them (ui.action), which orylogin does not
// follow.
func oryProxy(upstream *url.URL, pageIsHTTPS bool) http.Handler {
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(upstream)
			pr.Out.Header.Del("X-Forwarded-For")
		},
		ModifyResponse: func(resp *http.Response) error {
			rewriteSetCookies(resp.Header, pageIsHTTPS)
			if loc := resp.Header.Get("Location"); loc != "" {
				resp.Header.Set("Location", rewriteLocation(loc, upstream))
			}
			return nil
		},
	}
	return http.StripPrefix(proxyPrefix, rp)
}

// rewriteSetCookies makes every Set-Cookie in h host-only; without
// pageIsHTTPS it also drops Secure (and turns SameSite=None into Lax).
func rewriteSetCookies(h http.Header, pageIsHTTPS bool) {
	lines := h.Values("Set-Cookie")
	if len(lines) == 0 {
		return
	}
	h.Del("Set-Cookie")
	for _, line := range lines {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue // a cookie Go cannot read would not survive a browser either
		}
		c.Domain = ""
		if !pageIsHTTPS {
			c.Secure = false
			if c.SameSite == http.SameSiteNoneMode {
				c.SameSite = http.SameSiteLaxMode
			}
		}
		if s := c.String(); s != "" {
			h.Add("Set-Cookie", s)
		}
	}
}

// rewriteLocation moves an absolute URL on upstream's origin (and under its
// path) to the same path under /ory on the page's origin.
func rewriteLocation(loc string, upstream *url.URL) string {
	u, err := url.Parse(loc)
	if err != nil || !strings.EqualFold(u.Scheme, upstream.Scheme) || !strings.EqualFold(u.Host, upstream.Host) {
		return loc
	}
	rest, ok := strings.CutPrefix(u.Path, upstream.Path)
	if !ok {
		return loc
	}
	out := url.URL{Path: proxyPrefix + "/" + strings.TrimPrefix(rest, "/"), RawQuery: u.RawQuery, Fragment: u.Fragment}
	return out.String()
}
