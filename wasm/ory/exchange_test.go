package ory_test

import (
	"context"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/ory"
	"github.com/orylogin/orylogin/wasm/transport"
)

// A pending exchange holds Ory's answer unmasked until read and masks it
// then; its request side never holds the password.
func TestPendingExchangeMasksWhenRead(t *testing.T) {
	const password, token = "pw-canary-31337", "tok-canary-4711"
	flow := `{"id":"f1","type":"api","state":"choose_method","requested_aal":"aal1",` +
		`"expires_at":"2030-01-01T00:00:00Z","issued_at":"2026-01-01T00:00:00Z","request_url":"http://x",` +
		`"ui":{"action":"http://x","method":"POST","nodes":[{"type":"input","group":"password","messages":[],"meta":{},` +
		`"attributes":{"node_type":"input","name":"password","type":"password","disabled":false}}]}}`
	answers := []string{flow, `{"session_token":"` + token + `","session":{"id":"s1","active":true,` +
		`"authenticator_assurance_level":"aal1","identity":{"id":"i1","schema_id":"default","schema_url":"http://x","traits":{}}}}`}
	tr := transport.Func(func(_ context.Context, req *transport.Request) (*transport.Response, error) {
		body := answers[0]
		answers = answers[1:]
		return &transport.Response{Status: 200, Header: map[string]string{"content-type": "application/json"}, Body: []byte(body)}, nil
	})
	var pending []ory.PendingExchange
	a, err := ory.New(ory.Config{BaseURL: "http://127.0.0.1:4433", Kind: machine.FlowAPI, Transport: tr,
		OnExchange: func(x ory.PendingExchange) { pending = append(pending, x) }})
	if err != nil {
		t.Fatal(err)
	}
	m := machine.New(machine.Options{Ory: a})
	ctx := context.Background()
	if _, err := m.StartLogin(ctx, machine.FlowRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SubmitPassword(ctx, "a@example.com", password); err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 {
		t.Fatalf("%d exchanges, want 2", len(pending))
	}
	for i, p := range pending {
		x := p.Exchange()
		if x.Status != 200 || !strings.Contains(x.Curl, x.URL) || x.ResponseBody == "" {
			t.Errorf("exchange %d: %+v", i, x)
		}
		all := x.URL + x.RequestBody + x.ResponseBody + x.Curl
		if strings.Contains(all, password) || strings.Contains(all, token) {
			t.Errorf("exchange %d shows a secret: %s", i, all)
		}
	}
	if !strings.Contains(pending[1].Exchange().ResponseBody, `"session_token":"***"`) {
		t.Errorf("session token not masked: %s", pending[1].Exchange().ResponseBody)
	}
}
