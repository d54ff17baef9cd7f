//go:build !js

package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestProxyForwardsAndRewrites(t *testing.T) {
	var gotPath, gotQuery, gotHost, gotCookie string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery, gotHost, gotCookie = r.URL.Path, r.URL.RawQuery, r.Host, r.Header.Get("Cookie")
		w.Header().Add("Set-Cookie", "ory_session_x=abc; Path=/; Domain=slug.projects.oryapis.com; Secure; HttpOnly; SameSite=None")
		w.Header().Add("Set-Cookie", "csrf_token_y=def; Path=/; Domain=.slug.projects.oryapis.com; HttpOnly; SameSite=Lax")
		w.Header().Set("Location", "http://"+r.Host+"/self-service/login/browser?aal=aal2")
		w.WriteHeader(http.StatusSeeOther)
	}))
	defer up.Close()
	u, err := parseOryURL(up.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(http.NotFoundHandler(), pageConfig{}, nil, oryProxy(u, false))
	r := httptest.NewRequest("GET", "http://127.0.0.1:8080/ory/self-service/login/browser?aal=aal2", nil)
	r.Header.Set("Cookie", "csrf_token_y=def")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)

	if gotPath != "/self-service/login/browser" || gotQuery != "aal=aal2" {
		t.Errorf("upstream saw %s?%s", gotPath, gotQuery)
	}
	if gotHost != u.Host {
		t.Errorf("upstream saw Host %q, want %q", gotHost, u.Host)
	}
	if gotCookie != "csrf_token_y=def" {
		t.Errorf("upstream saw Cookie %q", gotCookie)
	}
	cookies := w.Header().Values("Set-Cookie")
	if len(cookies) != 2 {
		t.Fatalf("Set-Cookie %q", cookies)
	}
	for _, c := range cookies {
		lc := strings.ToLower(c)
		if strings.Contains(lc, "domain") || strings.Contains(lc, "secure") || strings.Contains(lc, "samesite=none") {
			t.Errorf("Set-Cookie not rewritten for a plain-http page: %s", c)
		}
		if !strings.Contains(lc, "httponly") {
			t.Errorf("Set-Cookie lost HttpOnly: %s", c)
		}
	}
	if loc := w.Header().Get("Location"); loc != "/ory/self-service/login/browser?aal=aal2" {
		t.Errorf("Location %q", loc)
	}
}

func TestProxyKeepsSecureOnHTTPS(t *testing.T) {
	h := http.Header{}
	h.Add("Set-Cookie", "a=b; Path=/; Domain=x.example; Secure; HttpOnly; SameSite=None")
	rewriteSetCookies(h, true)
	c := h.Get("Set-Cookie")
	if strings.Contains(c, "Domain") || !strings.Contains(c, "Secure") || !strings.Contains(c, "SameSite=None") {
		t.Errorf("https page: %s", c)
	}
}

func TestParseOryURL(t *testing.T) {
	for _, ok := range []string{"https://slug.projects.oryapis.com", "https://slug.projects.oryapis.com/", "http://127.0.0.1:4433"} {
		if _, err := parseOryURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "slug.projects.oryapis.com", "ftp://x", "https://u:p@x", "https://x/?a=b", "javascript:alert(1)"} {
		if _, err := parseOryURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestRewriteLocationLeavesOthers(t *testing.T) {
	u, _ := url.Parse("https://slug.projects.oryapis.com")
	for _, loc := range []string{"https://evil.example/x", "/relative", "http://slug.projects.oryapis.com/x"} {
		if got := rewriteLocation(loc, u); got != loc {
			t.Errorf("%s rewritten to %s", loc, got)
		}
	}
}
