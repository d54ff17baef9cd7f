package offline

import (
	"encoding/json"
	"net/url"
	"time"
)

// logoutAPI answers DELETE /self-service/logout/api with body
// {"session_token": …}: 204, and the session is gone.
func (o *Ory) logoutAPI(r *request) *response {
	var p struct {
		SessionToken string `json:"session_token"`
	}
	if err := json.Unmarshal(r.body, &p); err != nil || len(r.body) == 0 {
		return errorResponse(errBadRequest.withReason("Unable to decode JSON payload: the request body is empty or malformed."))
	}
	if o.sessions[p.SessionToken] == nil {
		return errorResponse(errForbidden.withReason("The provided Ory Session Token could not be found, is invalid, or otherwise malformed."))
	}
	o.revoke(p.SessionToken)
	return noContent()
}

// revoke ends the session with token and its logout token.
func (o *Ory) revoke(token string) {
	delete(o.sessions, token)
	for lo, t := range o.logouts {
		if t == token {
			delete(o.logouts, lo)
		}
	}
}

// logoutBrowser answers GET /self-service/logout/browser: the logout URL
// for the session cookie's session.
func (o *Ory) logoutBrowser(r *request) *response {
	s := o.sessionFromRequest(r)
	if s == nil {
		return errorResponse(errSessionInactive())
	}
	token := ""
	for lo, t := range o.logouts {
		if t == s.token {
			token = lo
		}
	}
	if token == "" {
		token = newLogoutToken()
		o.logouts[token] = s.token
	}
	return jsonResponse(200, obj{
		{"logout_url", r.base + "/self-service/logout?" + url.Values{"token": {token}}.Encode()},
		{"logout_token", token},
	})
}

// logout answers GET /self-service/logout?token=…: 204 for JSON requests
// (Kratos redirects others), deleting the session cookie and planting a
// fresh anti-CSRF cookie.
func (o *Ory) logout(r *request) *response {
	token := r.query.Get("token")
	if token == "" {
		return errorResponse(errBadRequest.withReason("Please include a token in the URL query."))
	}
	s := o.sessionFromRequest(r)
	if s == nil {
		return errorResponse(errSessionInactive())
	}
	if o.logouts[token] != s.token {
		return errorResponse(errForbidden.withReason("Unable to log out because the logout token in the URL query does not match the session cookie."))
	}
	o.revoke(s.token)
	res := noContent()
	res.cookies = []cookie{
		{name: sessionCookieName, value: randomString(64, alphaNum+"-_"), maxAge: -1, expires: time.Unix(1, 0)},
		{name: csrfCookieName(r.base), value: newCSRFSecret(), maxAge: csrfMaxAge},
	}
	return res
}

// errSessionInactive is the logout endpoints' 401 without a session
// (whoami answers a plainer 401).
func errSessionInactive() herr {
	return errUnauthorized.withID("session_inactive").
		withReason("No active session was found in this request.").
		withMessage("request does not have a valid authentication session")
}
