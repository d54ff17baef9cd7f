package offline

// csrfIgnored are the routes where Kratos's anti-CSRF handler neither
// checks nor plants the anti-CSRF cookie.
var csrfIgnored = map[string]bool{
	"/self-service/login/api":  true,
	"/self-service/login":      true,
	"/sessions/whoami":         true,
	"/self-service/logout/api": true,
	"/health/ready":            true,
	"/health/alive":            true,
}

// route answers a request. Like Kratos's anti-CSRF handler it first plants
// an anti-CSRF cookie on a request that lacks one (except on ignored
// routes), so the handler and later requests see it.
func (o *Ory) route(r *request) *response {
	var planted []cookie
	if !csrfIgnored[r.route] {
		name := csrfCookieName(r.base)
		if !validSecret(r.cookies[name]) {
			v := newCSRFSecret()
			r.cookies[name] = v
			planted = append(planted, cookie{name: name, value: v, maxAge: csrfMaxAge})
		}
	}
	res := o.dispatch(r)
	res.cookies = append(planted, res.cookies...)
	return res
}

// dispatch calls the handler of the request's route, as Kratos's public
// router.
func (o *Ory) dispatch(r *request) *response {
	switch r.method + " " + r.route {
	case "GET /self-service/login/api":
		return o.createFlow(r, kindAPI)
	case "GET /self-service/login/browser":
		return o.createFlow(r, kindBrowser)
	case "GET /self-service/login/flows":
		return o.getFlow(r)
	case "POST /self-service/login":
		return o.updateFlow(r)
	case "GET /sessions/whoami":
		return o.whoami(r)
	case "DELETE /self-service/logout/api":
		return o.logoutAPI(r)
	case "GET /self-service/logout/browser":
		return o.logoutBrowser(r)
	case "GET /self-service/logout":
		return o.logout(r)
	case "GET /health/ready", "GET /health/alive":
		res := jsonResponse(200, obj{{"status", "ok"}})
		res.noCache = !o.v26() // v26 marks every GET uncacheable
		return res
	}
	return errorResponse(errNotFound.withMessage("Unable to locate the resource"))
}
