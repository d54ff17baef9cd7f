package ory

import (
	"context"
	"encoding/json"
	"net/url"

	client "github.com/ory/client-go"

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
	if res.Status == 401 {
		a.setToken("")
		return nil, nil
	}
	if env, ok := decodeError(res.Body); ok {
		if env.id() == "session_aal2_required" {
			return nil, machine.NewError(machine.CodeAAL2Required, res.Status, "the session needs a second factor")
		}
		return nil, errorFromEnvelope(res.Status, env)
	}
	var s client.Session
	if res.Status != 200 || json.Unmarshal(res.Body, &s) != nil {
		return nil, badResponse(res.Status)
	}
	if sess := toSession(&s); sess != nil {
		return sess, nil
	}
	return nil, badResponse(res.Status)
}

// Logout implements machine.Ory. API flow: DELETE /self-service/logout/api
// with the token. Browser flow: GET /self-service/logout/browser for a
// logout token, then GET /self-service/logout with it. A session that is
// already gone (401, 403) is not an error. The token is forgotten either way.
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
		a.setToken("")
		return logoutStatus(res.Status)
	}
	res, err := a.do(ctx, call{method: "GET", path: "/self-service/logout/browser"})
	if err != nil {
		return err
	}
	if res.Status == 401 || res.Status == 403 {
		return nil
	}
	var out struct {
		LogoutToken string `json:"logout_token"`
	}
	if res.Status != 200 || json.Unmarshal(res.Body, &out) != nil || out.LogoutToken == "" {
		return badResponse(res.Status)
	}
	res, err = a.do(ctx, call{method: "GET", path: "/self-service/logout", query: url.Values{"token": {out.LogoutToken}}})
	if err != nil {
		return err
	}
	return logoutStatus(res.Status)
}

func logoutStatus(status int) error {
	switch status {
	case 200, 204, 400, 401, 403:
		return nil
	}
	return badResponse(status)
}
