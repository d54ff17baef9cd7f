//go:build !js

package main

import (
	"encoding/json"
	"net/http"
	"strings"
)

// pageConfig is what the page reads from /orylogin.config.json. Without
// that file (any static file server) the page runs its offline demo.
type pageConfig struct {
	BaseURL  string `json:"baseURL"`            // Kratos public URL, or origin + "/ory" behind the proxy
	Flow     string `json:"flow"`               // "browser"
	DevInbox string `json:"devInbox,omitempty"` // "/dev/inbox" when a local Kratos is running
}

// configHandler serves cfg as JSON, never cached.
func configHandler(cfg pageConfig) http.Handler {
	body, err := json.Marshal(cfg)
	if err != nil {
		panic(err) // a struct of strings always marshals
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Write(body)
	})
}

// pageCSP is the Content-Security-Policy of every HTML page: scripts and
// styles only from the page's origin (no inline ones), wasm compilation
// allowed, and network access only to the page's origin and to Ory's.
func pageCSP(oryOrigin string) string {
	connect := "'self'"
	if oryOrigin != "" {
		connect += " " + oryOrigin
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		"connect-src " + connect,
		"img-src 'self' data:",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}
