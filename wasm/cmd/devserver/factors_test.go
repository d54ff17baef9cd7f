//go:build !js

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/totp"
)

// newFakeAdmin serves Kratos's admin answer for one identity whose
// lookup_secret credential holds codes, the ones in used marked used; it
// counts the requests with include_credential=lookup_secret.
func newFakeAdmin(t *testing.T, id string, codes []string, used map[string]bool, status int) (string, *int) {
	t.Helper()
	asked := new(int)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/identities/"+id || r.URL.Query().Get("include_credential") != "lookup_secret" {
			http.NotFound(w, r)
			return
		}
		*asked++
		if status != 200 {
			w.WriteHeader(status)
			return
		}
		var list []map[string]any
		for _, c := range codes {
			e := map[string]any{"code": c}
			if used[c] {
				e["used_at"] = "2026-12-01T10:00:00Z"
			}
			list = append(list, e)
		}
		json.NewEncoder(w).Encode(map[string]any{"id": id, "credentials": map[string]any{
			"password":      map[string]any{"type": "password", "config": map[string]any{}},
			"lookup_secret": map[string]any{"type": "lookup_secret", "config": map[string]any{"recovery_codes": list}},
		}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL, asked
}

func TestFactorsAnswer(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	admin, asked := newFakeAdmin(t, "id-1", []string{"aaaa1111", "bbbb2222", "cccc3333"}, map[string]bool{"bbbb2222": true}, 200)
	f := &demoFactors{identityID: "id-1", phone: demoPhone, totpSecret: secret, backup: []string{"aaaa1111", "bbbb2222", "cccc3333"},
		adminURL: admin, client: http.DefaultClient, now: func() time.Time { return now }}
	w := get(withFactors(http.NotFoundHandler(), f), "GET", "/dev/factors", nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var got factorsAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want, _ := totp.Code(secret, now)
	if got.TOTP != want || got.Phone != demoPhone || len(got.BackupCodes) != 2 ||
		got.BackupCodes[0] != "aaaa1111" || got.BackupCodes[1] != "cccc3333" || *asked != 1 {
		t.Errorf("answer %+v (Kratos asked %d times), want TOTP %s, the phone and the two unused codes", got, *asked, want)
	}
	if strings.Contains(w.Body.String(), secret) {
		t.Error("the answer holds the TOTP secret")
	}
	if w := get(withFactors(http.NotFoundHandler(), f), "POST", "/dev/factors", nil); w.Code == 200 {
		t.Errorf("POST /dev/factors: %d", w.Code)
	}
}

func TestFactorsAllUsedAndPhoneOnly(t *testing.T) {
	admin, _ := newFakeAdmin(t, "id-2", []string{"aaaa1111"}, map[string]bool{"aaaa1111": true}, 200)
	f := &demoFactors{identityID: "id-2", backup: []string{"aaaa1111"}, adminURL: admin, client: http.DefaultClient, now: time.Now}
	w := get(factorsHandler(f), "GET", "/dev/factors", nil)
	if w.Code != 200 || w.Body.String() != `{"backupCodes":[]}`+"\n" {
		t.Errorf("all codes used: %d %s", w.Code, w.Body)
	}
	f = &demoFactors{phone: demoPhone, now: time.Now}
	w = get(factorsHandler(f), "GET", "/dev/factors", nil)
	if w.Code != 200 || w.Body.String() != `{"backupCodes":null,"phone":"`+demoPhone+`"}`+"\n" {
		t.Errorf("sms only: %d %s", w.Code, w.Body)
	}
}

func TestFactorsKratosDown(t *testing.T) {
	admin, _ := newFakeAdmin(t, "id-3", nil, nil, 500)
	f := &demoFactors{identityID: "id-3", backup: []string{"x"}, adminURL: admin, client: http.DefaultClient, now: time.Now}
	if w := get(factorsHandler(f), "GET", "/dev/factors", nil); w.Code != http.StatusBadGateway {
		t.Errorf("Kratos answering 500: status %d", w.Code)
	}
	if h := withFactors(http.NotFoundHandler(), nil); get(h, "GET", "/dev/factors", nil).Code != 404 {
		t.Error("/dev/factors without factors is not 404")
	}
}
