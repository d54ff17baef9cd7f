package ory

import (
	"context"
	"github.com/orylogin/orylogin/wasm/internal/weburl"
	"github.com/orylogin/orylogin/wasm/machine"
)

// WhoAmI implements machine.Ory: GET /sessions/whoami.
func (a *Adapter) WhoAmI(ctx context.Context) (*machine.Session, error) {
	if a.kind == machine.FlowAPI && a.sessionToken() == "" {
		return nil, nil
	}
	res, err := a.do(ctx, call{method: "GET", path: "/sessions/whoami", bearer: true})
	if err != nil {
		return nil, err
	}
	o := a.settle(classifyWhoAmI(res.Status, res.Body))
	return o.answer.Session, o.err
}

// Logout implements machine.Ory. API flow: DELETE /self-service/logout/api
// with the token. Browser flow: GET /self-service/logout/browser for a
// logout token, then GET /self-service/logout with it. A session that is
// already gone (Ory's 400, 401 or 403) is not an error. The token is
// forgotten once Ory has answered as Ory does; after a failure (no answer,
// or one that is not Ory's, such as a proxy's HTML page) it is kept, so
// that a retry can still end the session instead of only forgetting it.
func (a *Adapter) Logout(ctx context.Context) error {
	if a.kind == machine.FlowAPI {
		tok := a.sessionToken()
		if tok == "" {
			return nil
		}
		res, err := a.do(ctx, call{method: "DELETE", path: "/self-service/logout/api", body: map[string]string{"session_token": tok}})
		if err != nil {
			return err
		}
		if err := logoutAnswer(res); err != nil {
			return err
		}
		a.setToken("")
		return nil
	}
	res, err := a.do(ctx, call{method: "GET", path: "/self-service/logout/browser"})
	if err != nil {
		return err
	}
	if res.Status == 401 || res.Status == 403 {
		return logoutAnswer(res)
	}
	tok := ""
	if res.Status == 200 {
		tok = logoutTokenOf(res.Body)
	}
	if tok == "" {
		return badResponse(res.Status)
	}
	res, err = a.do(ctx, call{method: "GET", path: "/self-service/logout", query: weburl.Values{"token": {tok}}})
	if err != nil {
		return err
	}
	return logoutAnswer(res)
}
