package offline

// passwordLogin is the password strategy on an aal1 flow (Kratos's
// password.Strategy.Login): validate the body, check the anti-CSRF token or
// the API-flow guard, then the credentials.
func (o *Ory) passwordLogin(r *request, f *flow, p *form, sess *session) *response {
	identifier := p.Identifier
	if identifier == "" {
		identifier = p.PasswordIdentifier
	}
	fail := func() {
		for _, n := range f.nodes {
			if n.group == "password" && n.name != "method" {
				n.value = nil
			}
		}
		if n := find(f.nodes, "identifier"); n != nil {
			n.value = str(identifier)
		}
		if f.kind == kindBrowser {
			f.nodes = setCSRF(f.nodes, maskCSRF(f.csrf))
		}
	}
	switch {
	case !p.present["password"]:
		fail()
		return o.nodeMessage(f, "password", msgRequired("password"))
	case !p.present["identifier"] && !p.present["password_identifier"]:
		fail()
		return o.nodeMessage(f, "identifier", msgRequired("identifier"))
	}
	if e := o.checkCSRF(r, f, p); e != nil {
		fail()
		return o.flowFail(f, *e)
	}
	i := o.byEmail(identifier)
	if i == nil || !i.checkPassword(p.Password) {
		fail()
		return o.flowMessages(f, 400, msgInvalidCredentials())
	}
	f.active = "password"
	o.save(f)
	now := o.now()
	fresh := sess == nil || sess.identity != i
	if fresh {
		sess = newSession(i, now)
	}
	sess.complete("password", aal1, now)
	return o.loggedIn(r, f, sess, fresh)
}

// checkCSRF is Kratos's flow.EnsureCSRF: API flows refuse requests that
// look like a browser's (Origin or Cookie header), browser flows want the
// csrf_token (body or X-CSRF-Token) to match the anti-CSRF cookie.
func (o *Ory) checkCSRF(r *request, f *flow, p *form) *herr {
	if f.kind == kindAPI {
		switch {
		case r.header["origin"] != "":
			e := errBadRequest.withReason(reasonOriginAPIFlow)
			return &e
		case r.hasCookieHeader():
			e := errBadRequest.withReason(reasonCookieAPIFlow)
			return &e
		}
		return nil
	}
	sent := p.CSRFToken
	if sent == "" {
		sent = r.header["x-csrf-token"]
	}
	if c := r.cookies[csrfCookieName(r.base)]; !verifyCSRF(c, sent) {
		e := o.csrfError(c == "")
		return &e
	}
	return nil
}
