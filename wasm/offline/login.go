package offline

import (
	"fmt"
	"strings"
	"time"
)

// updateFlow answers POST /self-service/login?flow=<id>, following
// Kratos's updateLoginFlow: flow lookup, session checks, expiry, then the
// strategy responsible for the flow's AAL (password for aal1; code, totp
// or lookup_secret for aal2).
func (o *Ory) updateFlow(r *request) *response {
	id := strings.ToLower(r.query.Get("flow"))
	if !isUUID(id) {
		return errorResponse(errBadRequest.withReason(reasonFlowParam))
	}
	stored := o.flows[id]
	if stored == nil {
		return errorResponse(errNotFound.withMessage("Unable to locate the resource"))
	}
	f := stored.clone()
	sess := o.sessionFromRequest(r)
	if sess != nil {
		if !f.refresh && f.requestedAAL <= sess.aal {
			return o.flowFail(f, errAlreadyLoggedIn())
		}
	} else if f.requestedAAL > aal1 {
		return o.flowFail(f, errSessionAAL1Required())
	}
	if !o.now().Before(f.expiresAt) {
		return o.expired(r, f, f.expiresAt)
	}
	form, decodeErr := r.decodeForm()
	if decodeErr != nil {
		// Both strategies read "method" first and fail on a body they cannot
		// decode before anything else.
		return o.flowFail(f, errBadRequest.withReason(decodeErr.Error()))
	}
	if f.requestedAAL == aal1 {
		if form.Method == "identifier_first" && o.loginStyle == LoginIdentifierFirst {
			return o.identifierFirst(r, f, form)
		}
		if form.Method == "code" && o.passwordless {
			return o.codeLogin(r, f, form, sess)
		}
		if form.Method != "password" {
			return o.flowMessages(f, 400, msgNoStrategy())
		}
		return o.passwordLogin(r, f, form, sess)
	}
	switch form.Method {
	case "totp":
		return o.totpLogin(r, f, form, sess)
	case "lookup_secret":
		return o.lookupLogin(r, f, form, sess)
	}
	if form.Method != "code" && form.Address == "" {
		return o.flowMessages(f, 400, msgNoStrategy())
	}
	return o.codeLogin(r, f, form, sess)
}

// identifierFirst is the first step of the identifier-first style
// (Kratos's idfirst strategy): a known identifier gets the password form
// with the identifier kept hidden, an unknown one 4000037 (no enumeration
// mitigation here). Both answer 400 with the flow.
func (o *Ory) identifierFirst(r *request, f *flow, p *form) *response {
	idNode := find(f.nodes, "identifier")
	if idNode != nil {
		idNode.value = str(p.Identifier)
	}
	if e := o.checkCSRF(r, f, p); e != nil {
		return o.flowFail(f, *e)
	}
	if p.Identifier == "" {
		return o.nodeMessage(f, "identifier", msgRequired("identifier"))
	}
	if o.byEmail(p.Identifier) == nil {
		return o.nodeMessage(f, "identifier", msgNoAccount())
	}
	idNode.inputType = "hidden"
	f.nodes = []*node{idNode, csrfNode(o.csrfValue(f)), passwordNode(), passwordSubmitNode(labelSignInPassword())}
	f.active = "identifier_first"
	clearMessages(f.nodes)
	f.messages = nil
	sortNodes(f.nodes)
	o.save(f)
	f.transient = true
	res := flowResponse(400, f)
	f.transient = false
	return res
}

// flowFail is Kratos's login ErrorHandler.WriteFlowError for an error that
// is not a validation message: a 400 becomes a 4000001 message on the flow
// (answered with status 400), anything else is answered as the error.
func (o *Ory) flowFail(f *flow, e herr) *response {
	if e.code != 400 {
		return errorResponse(e)
	}
	return o.flowMessages(f, 400, msgGeneric(e.reason))
}

// flowMessages resets the flow's messages, sets msgs as its ui.messages,
// sorts the nodes and answers the flow with status.
func (o *Ory) flowMessages(f *flow, status int, msgs ...message) *response {
	clearMessages(f.nodes)
	f.messages = msgs
	sortNodes(f.nodes)
	o.save(f)
	return flowResponse(status, f)
}

// nodeMessage is flowMessages for a message on one node (a missing
// property): the node is added (default group, text) when it is missing.
func (o *Ory) nodeMessage(f *flow, name string, m message) *response {
	clearMessages(f.nodes)
	f.messages = nil
	n := find(f.nodes, name)
	if n == nil {
		n = &node{group: "default", name: name, inputType: "text"}
		f.nodes = append(f.nodes, n)
	}
	n.messages = []message{m}
	sortNodes(f.nodes)
	o.save(f)
	return flowResponse(400, f)
}

// expired answers a submission to an expired flow (or with an expired
// code): Kratos creates a replacement flow from the submitting request
// (so an aal1 flow, no refresh) and answers 410 with use_flow_id, or, when
// the replacement cannot be made (a session exists), the old flow with
// that error.
func (o *Ory) expired(r *request, old *flow, expiredAt time.Time) *response {
	now := o.now()
	secret := ""
	if old.kind == kindBrowser {
		secret = r.cookies[csrfCookieName(r.base)]
	}
	q := r.query
	r.query = nil
	nf, e := o.newFlow(r, old.kind, secret)
	r.query = q
	if e != nil {
		return o.flowFail(old, *e)
	}
	nf.requestURL = old.requestURL
	nf.messages = append(nf.messages, msgLoginFlowExpired(expiredAt, now))
	o.flows[nf.id] = nf
	ago := now.Sub(expiredAt)
	return errorResponse(errGone.withID("self_service_flow_expired").
		withReason(fmt.Sprintf("The self-service flow expired %.2f minutes ago, initialize a new one.", ago.Minutes())).
		withMessage("self-service flow expired").
		withExtra("expired_at", expiredAt.UTC()).
		withExtra("since", int64(ago)).
		withExtra("use_flow_id", nf.id))
}

// loggedIn is Kratos's post-login hook: it answers the session, for API
// flows with its token, for browser flows with its cookie (and, for a new
// session, a fresh anti-CSRF cookie).
func (o *Ory) loggedIn(r *request, f *flow, s *session, fresh bool) *response {
	o.sessions[s.token] = s
	hide := !o.whoamiAllows(s)
	s.addDevice(r.header["user-agent"])
	defer s.dropUnsavedDevice()
	if f.kind == kindAPI {
		return jsonResponse(200, obj{{"session_token", s.token}, {"session", s.json(r.base, hide)}, {"continue_with", nil}})
	}
	cookies := []cookie{o.sessionCookie(s)}
	if fresh {
		cookies = append(cookies, cookie{name: csrfCookieName(r.base), value: newCSRFSecret(), maxAge: csrfMaxAge})
	}
	var res *response
	if hide {
		to := r.base + "/self-service/login/browser?aal=aal2"
		res = errorResponse(herr{id: "browser_location_change_required", code: 422,
			reason:  "In order to complete this flow please redirect the browser to: " + to,
			message: "browser location change required"}.withExtra("redirect_browser_to", to))
	} else {
		returnTo := f.returnTo
		if returnTo == "" {
			returnTo = o.returnURL
		}
		if returnTo == "" {
			returnTo = origin(r.base) + "/"
		}
		res = jsonResponse(200, obj{{"session", s.json(r.base, false)},
			{"continue_with", []obj{{{"action", "redirect_browser_to"}, {"redirect_browser_to", returnTo}}}}})
	}
	res.cookies = cookies
	return res
}

// loginUI is where Kratos sends a browser that did not ask for JSON.
func (o *Ory) loginUIURL(r *request) string {
	switch {
	case o.loginUI != "":
		return o.loginUI
	case o.returnURL != "":
		return origin(o.returnURL) + "/login.html"
	}
	return origin(r.base) + "/login.html"
}

// origin is scheme://host of a URL.
func origin(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[:i+3+j]
		}
	}
	return u
}
