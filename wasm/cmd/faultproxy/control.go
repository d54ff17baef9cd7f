//go:build !js

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// controlHandler is the test's API (see the package doc).
func (p *proxy) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]bool{"ok": true})
	})
	mux.HandleFunc("POST /upstream", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			URL         string `json:"url"`
			AllowOrigin string `json:"allowOrigin"`
		}
		if !decode(w, r, &in) {
			return
		}
		if err := p.setUpstream(in.URL, in.AllowOrigin); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, in)
	})
	mux.HandleFunc("POST /mode", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			StripOrigin bool `json:"stripOrigin"`
		}
		if !decode(w, r, &in) {
			return
		}
		p.mu.Lock()
		p.stripOrigin = in.StripOrigin
		p.mu.Unlock()
		reply(w, in)
	})
	mux.HandleFunc("POST /arm", func(w http.ResponseWriter, r *http.Request) {
		var ru rule
		if !decode(w, r, &ru) {
			return
		}
		if err := p.arm(&ru); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, map[string]string{"fault": ru.Fault})
	})
	mux.HandleFunc("POST /disarm", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]int{"armed": p.disarm()})
	})
	mux.HandleFunc("GET /log", func(w http.ResponseWriter, r *http.Request) {
		n := 0
		if s := r.URL.Query().Get("since"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				http.Error(w, "since: want a number", http.StatusBadRequest)
				return
			}
		}
		entries, seq := p.since(n)
		reply(w, map[string]any{"seq": seq, "entries": entries})
	})
	return mux
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
