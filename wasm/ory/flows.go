package ory

import (
	"context"
	"github.com/orylogin/orylogin/wasm/internal/weburl"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/machine"
)

// CreateFlow implements machine.Ory: GET /self-service/login/{browser,api}.
func (a *Adapter) CreateFlow(ctx context.Context, r machine.FlowRequest) (machine.Answer, error) {
	q := weburl.Values{}
	if r.AAL == machine.AAL2 {
		q.Set("aal", string(machine.AAL2))
	}
	if r.Refresh {
		q.Set("refresh", "true")
	}
	if r.ReturnTo != "" {
		q.Set("return_to", r.ReturnTo)
	}
	res, err := a.do(ctx, call{method: "GET", path: "/self-service/login/" + string(a.kind), query: q,
		bearer: r.AAL == machine.AAL2 || r.Refresh, redirectOK: true})
	if err != nil {
		return machine.Answer{}, err
	}
	o := a.settle(classify(a.reply(res, nil, true)))
	if o.readFlow != "" {
		// Ory made the flow (and may have sent its code): read it rather
		// than create another.
		return a.GetFlow(ctx, o.readFlow)
	}
	return o.answer, o.err
}

// GetFlow implements machine.Ory: GET /self-service/login/flows?id=.
func (a *Adapter) GetFlow(ctx context.Context, id string) (machine.Answer, error) {
	res, err := a.do(ctx, call{method: "GET", path: "/self-service/login/flows", query: weburl.Values{"id": {id}}, redirectOK: true})
	if err != nil {
		return machine.Answer{}, err
	}
	o := a.settle(classify(a.reply(res, nil, false)))
	return o.answer, o.err
}

// SubmitPassword implements machine.Ory. The session token goes with it
// only on a refresh flow: Ory refuses other AAL1 submissions that carry
// one, and without it a refresh would make a new session.
func (a *Adapter) SubmitPassword(ctx context.Context, f *machine.Flow, identifier, password string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithPasswordMethod{CsrfToken: csrfOf(f), Method: "password", Identifier: identifier, Password: password})
}

// SendCode implements machine.Ory: selects the code method for address on
// an aal2 flow; on an aal1 flow (passwordless login) address is the
// identifier the login code goes to.
func (a *Adapter) SendCode(ctx context.Context, f *machine.Flow, address string) (machine.Answer, error) {
	return a.submit(ctx, f, codeBody(f, address))
}

// ResendCode implements machine.Ory: a new code to address; older codes stop
// working.
func (a *Adapter) ResendCode(ctx context.Context, f *machine.Flow, address string) (machine.Answer, error) {
	body := codeBody(f, address)
	resend := "code"
	body.Resend = &resend
	return a.submit(ctx, f, body)
}

// SubmitCode implements machine.Ory. On an aal1 flow Kratos wants the
// identifier beside the code again.
func (a *Adapter) SubmitCode(ctx context.Context, f *machine.Flow, code string) (machine.Answer, error) {
	body := client.UpdateLoginFlowWithCodeMethod{Method: "code", Code: &code, CsrfToken: f.CSRFToken}
	if f.RequestedAAL != machine.AAL2 {
		if id := heldIdentifier(f); id != "" {
			body.Identifier = &id
		}
	}
	return a.submit(ctx, f, body)
}

// codeBody is the code method's send body: address on an aal2 flow, the
// identifier on an aal1 one.
func codeBody(f *machine.Flow, to string) client.UpdateLoginFlowWithCodeMethod {
	body := client.UpdateLoginFlowWithCodeMethod{Method: "code", CsrfToken: f.CSRFToken}
	if f.RequestedAAL == machine.AAL2 {
		body.Address = &to
	} else {
		body.Identifier = &to
	}
	return body
}

// heldIdentifier is the value of f's hidden identifier node, "" if none.
func heldIdentifier(f *machine.Flow) string {
	for _, n := range f.Nodes {
		if n.Name == "identifier" && n.Type == "hidden" {
			return n.Value
		}
	}
	return ""
}

// csrfOf is the browser flow's csrf_token for a body's optional field, nil
// in API flows.
func csrfOf(f *machine.Flow) *string {
	if f.CSRFToken == "" {
		return nil
	}
	return &f.CSRFToken
}

// SubmitIdentifier implements machine.Ory: identifier-first's first screen.
func (a *Adapter) SubmitIdentifier(ctx context.Context, f *machine.Flow, identifier string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithIdentifierFirstMethod{CsrfToken: csrfOf(f), Method: "identifier_first", Identifier: identifier})
}

// SubmitTOTP implements machine.Ory: an authenticator app's code.
func (a *Adapter) SubmitTOTP(ctx context.Context, f *machine.Flow, code string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithTotpMethod{CsrfToken: csrfOf(f), Method: "totp", TotpCode: code})
}

// SubmitLookupSecret implements machine.Ory: a backup code.
func (a *Adapter) SubmitLookupSecret(ctx context.Context, f *machine.Flow, code string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithLookupSecretMethod{CsrfToken: csrfOf(f), Method: "lookup_secret", LookupSecret: code})
}

// submit POSTs body to flow f and classifies the answer.
func (a *Adapter) submit(ctx context.Context, f *machine.Flow, body any) (machine.Answer, error) {
	res, err := a.do(ctx, call{method: "POST", path: "/self-service/login", query: weburl.Values{"flow": {f.ID}},
		body: body, bearer: f.RequestedAAL == machine.AAL2 || f.Refresh, redirectOK: true})
	if err != nil {
		return machine.Answer{}, err
	}
	o := a.settle(classify(a.reply(res, f, false)))
	return o.answer, o.err
}

// SubmitPasskey implements machine.Ory: a passkey's credential, the
// first factor without an identifier.
func (a *Adapter) SubmitPasskey(ctx context.Context, f *machine.Flow, credential string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithPasskeyMethod{CsrfToken: csrfOf(f), Method: "passkey", PasskeyLogin: &credential})
}

// SubmitWebAuthn implements machine.Ory: a security key's credential on an
// aal2 flow, with the identifier Ory put in the flow's hidden node (its
// schema requires it).
func (a *Adapter) SubmitWebAuthn(ctx context.Context, f *machine.Flow, credential string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithWebAuthnMethod{CsrfToken: csrfOf(f), Method: "webauthn",
		Identifier: heldIdentifier(f), WebauthnLogin: &credential})
}
