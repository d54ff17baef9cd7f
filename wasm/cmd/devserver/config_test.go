//go:build !js

package main

import (
	"encoding/json"
	"testing"
)

func TestConfigJSON(t *testing.T) {
	h, _ := newTestStatic(t)
	cfg := pageConfig{BaseURL: "http://127.0.0.1:4433", Flow: "browser", DevInbox: "/dev/inbox"}
	w := get(newHandler(h, cfg, nil, nil), "GET", "/orylogin.config.json", nil)
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var got map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v (the file in dist/ was served instead?): %s", err, w.Body)
	}
	want := map[string]string{"baseURL": "http://127.0.0.1:4433", "flow": "browser", "devInbox": "/dev/inbox"}
	if len(got) != len(want) {
		t.Errorf("config %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("config[%q] = %q, want %q", k, got[k], v)
		}
	}
}

func TestConfigWithoutInbox(t *testing.T) {
	h, _ := newTestStatic(t)
	w := get(newHandler(h, pageConfig{BaseURL: "http://127.0.0.1:8080/ory", Flow: "browser"}, nil, nil), "GET", "/orylogin.config.json", nil)
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if _, ok := got["devInbox"]; ok {
		t.Errorf("devInbox present without a local Kratos: %v", got)
	}
	if w := get(newHandler(h, pageConfig{}, nil, nil), "GET", "/dev/inbox?email=demo@example.com", nil); w.Code != 404 {
		t.Errorf("/dev/inbox without a mail source: status %d, want 404", w.Code)
	}
}
