package ory

import (
	"context"
	"net/url"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/machine"
)

// CreateFlow implements machine.Ory: GET /self-service/login/{browser,api}.
func (a *Adapter) CreateFlow(ctx context.Context, r machine.FlowRequest) (machine.Answer, error) {
	q := url.Values{}
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
	res, err := a.do(ctx, call{method: "GET", path: "/self-service/login/flows", query: url.Values{"id": {id}}, redirectOK: true})
	if err != nil {
		return machine.Answer{}, err
	}
	o := a.settle(classify(a.reply(res, nil, false)))
	return o.answer, o.err
}

// SubmitPassword implements machine.Ory. The session token is never sent
// with it: Ory refuses AAL1 submissions that carry one.
func (a *Adapter) SubmitPassword(ctx context.Context, f *machine.Flow, identifier, password string) (machine.Answer, error) {
	body := client.UpdateLoginFlowWithPasswordMethod{Method: "password", Identifier: identifier, Password: password}
	if f.CSRFToken != "" {
		body.CsrfToken = &f.CSRFToken
	}
	return a.submit(ctx, f, body)
}

// SendCode implements machine.Ory: selects the code method for address.
func (a *Adapter) SendCode(ctx context.Context, f *machine.Flow, address string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithCodeMethod{Method: "code", Address: &address, CsrfToken: f.CSRFToken})
}

// ResendCode implements machine.Ory: a new code to address; older codes stop
// working.
func (a *Adapter) ResendCode(ctx context.Context, f *machine.Flow, address string) (machine.Answer, error) {
	resend := "code"
	return a.submit(ctx, f, client.UpdateLoginFlowWithCodeMethod{Method: "code", Resend: &resend, Address: &address, CsrfToken: f.CSRFToken})
}

// SubmitCode implements machine.Ory.
func (a *Adapter) SubmitCode(ctx context.Context, f *machine.Flow, code string) (machine.Answer, error) {
	return a.submit(ctx, f, client.UpdateLoginFlowWithCodeMethod{Method: "code", Code: &code, CsrfToken: f.CSRFToken})
}

// submit POSTs body to flow f and classifies the answer.
func (a *Adapter) submit(ctx context.Context, f *machine.Flow, body any) (machine.Answer, error) {
	res, err := a.do(ctx, call{method: "POST", path: "/self-service/login", query: url.Values{"flow": {f.ID}},
		body: body, bearer: f.RequestedAAL == machine.AAL2, redirectOK: true})
	if err != nil {
		return machine.Answer{}, err
	}
	o := a.settle(classify(a.reply(res, f, false)))
	return o.answer, o.err
}
