//go:build js && wasm

package bridge

import (
	"context"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport/fetch"
)

// authenticator is the platform's WebAuthn for the machine: the glue's
// webauthnGet (web/orylogin.js), which runs navigator.credentials.get and
// encodes the credential. It is called from a step's goroutine and awaits
// the ceremony's Promise there, so no JS callback ever blocks.
type authenticator struct{ get jsx.Value }

// authenticatorOf returns the glue's authenticator where the platform has
// WebAuthn (the glue's hasWebAuthn), nil elsewhere (Node): then passkeys
// and security keys are never offered.
func (b *Bridge) authenticatorOf() machine.Authenticator {
	has, err := b.glue.Get("hasWebAuthn")
	if err != nil || has.Type() != jsx.TypeFunction {
		return nil
	}
	yes, err := has.Invoke()
	if err != nil {
		return nil
	}
	if ok, err := yes.Bool(); err != nil || !ok {
		return nil
	}
	get, err := b.glue.Get("webauthnGet")
	if err != nil || get.Type() != jsx.TypeFunction {
		return nil
	}
	return authenticator{get: get}
}

// Get implements machine.Authenticator. The texts of its errors are fixed:
// neither options nor credential ever reach one.
func (a authenticator) Get(ctx context.Context, options string, autofill bool) (string, error) {
	ctl, err := jsx.Construct("AbortController")
	if err != nil {
		return "", refused()
	}
	signal, err := ctl.Get("signal")
	if err != nil {
		return "", refused()
	}
	how, err := jsx.NewObject()
	if err != nil || how.Set("autofill", autofill) != nil || how.Set("signal", signal) != nil {
		return "", refused()
	}
	p, err := a.get.Invoke(options, how)
	if err != nil {
		return "", refused()
	}
	v, err := fetch.Await(ctx, p, func() { ctl.Call("abort") })
	if ctx.Err() != nil {
		return "", cancelled()
	}
	if err != nil {
		return "", refused()
	}
	if f, err := v.Get("failure"); err == nil && f.Type() == jsx.TypeString {
		if s, _ := f.String(); s == "cancelled" {
			return "", cancelled()
		}
		return "", refused()
	}
	c, err := v.Get("credential")
	if err != nil || c.Type() != jsx.TypeString {
		return "", refused()
	}
	s, err := c.String()
	if err != nil || s == "" {
		return "", refused()
	}
	return s, nil
}

func cancelled() error {
	return machine.NewError(machine.CodeWebAuthnCancelled, 0, "the passkey or security key was cancelled or has no credential for Ory")
}

func refused() error {
	return machine.NewError(machine.CodeWebAuthnRefused, 0, "the browser or authenticator refused the WebAuthn request")
}
