package login_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/login"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/offline"
	"github.com/orylogin/orylogin/wasm/ory"
)

// TestNewRefusesBadOptions: every bad option is invalid_argument, named in
// the error's text, before anything could be sent.
func TestNewRefusesBadOptions(t *testing.T) {
	tr := offline.New(offline.Options{})
	good := login.Options{BaseURL: "http://127.0.0.1:4433", Flow: machine.FlowAPI, Transport: tr}
	for _, c := range []struct {
		name, want string
		change     func(*login.Options)
	}{
		{"flow kind", `flow must be "browser" or "api"`, func(o *login.Options) { o.Flow = "native" }},
		{"no flow kind", `flow must be "browser" or "api"`, func(o *login.Options) { o.Flow = "" }},
		{"no base URL", "baseURL", func(o *login.Options) { o.BaseURL = "" }},
		{"base URL too long", "baseURL is too long", func(o *login.Options) { o.BaseURL += "/" + strings.Repeat("a", login.MaxBaseURLLen) }},
		{"ftp", "baseURL", func(o *login.Options) { o.BaseURL = "ftp://127.0.0.1" }},
		{"plain http off loopback", "plain http", func(o *login.Options) { o.BaseURL = "http://ory.example" }},
		{"negative timeout", "timeout", func(o *login.Options) { o.Timeout = -time.Second }},
		{"timeout too long", "timeout", func(o *login.Options) { o.Timeout = login.MaxTimeout + time.Millisecond }},
		{"no transport", "transport", func(o *login.Options) { o.Transport = nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := good
			c.change(&o)
			_, err := login.New(o)
			if machine.CodeOf(err) != machine.CodeInvalidArgument || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New = %v, want invalid_argument mentioning %q", err, c.want)
			}
		})
	}
}

// TestNewWiresOneClient: the client New builds reaches Ory through the
// given transport, tells each exchange and each change, and uses the clock.
func TestNewWiresOneClient(t *testing.T) {
	var exchanges, changes int
	c, err := login.New(login.Options{
		BaseURL: "http://offline.example", AllowInsecure: true, Flow: machine.FlowBrowser,
		Transport:  offline.New(offline.Options{}),
		OnExchange: func(x ory.PendingExchange) { exchanges++ },
		OnChange:   func(machine.State) { changes++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.StartLogin(context.Background(), machine.FlowRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Step != machine.StepPassword || s.FlowKind != machine.FlowBrowser || s.FlowID == "" {
		t.Fatalf("state after StartLogin = %+v", s)
	}
	if exchanges != 1 || changes != 1 {
		t.Fatalf("exchanges = %d, changes = %d; want 1 and 1", exchanges, changes)
	}
}
