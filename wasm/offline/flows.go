package offline

import (
	"strconv"
	"time"
)

// flow is one login flow, api or browser, AAL1 (password) or AAL2 (code).
type flow struct {
	id           string
	kind         flowKind
	state        flowState
	requestedAAL aal
	active       string
	refresh      bool
	requestURL   string
	returnTo     string
	base         string
	issuedAt     time.Time
	expiresAt    time.Time
	createdAt    time.Time
	nodes        []*node
	messages     []message
	csrf         string     // the anti-CSRF secret the flow was created under (browser)
	codes        *codeStore // shared by a flow and its working copies
	transient    bool       // a strategy decoded a body: transient_payload {} is shown
}

// codeStore is what Kratos keeps for a flow outside the flow's own row:
// its one-time codes and the count of code submissions. Both survive a
// failed submission even when the flow itself is not saved.
type codeStore struct {
	codes       []*loginCode
	submitCount int
}

// clone is a working copy of f for one submission: Kratos saves the flow
// only on some outcomes (save), so changes to a failed one must not stick.
func (f *flow) clone() *flow {
	c := *f
	c.nodes = make([]*node, len(f.nodes))
	for i, n := range f.nodes {
		m := *n
		m.messages = append([]message(nil), n.messages...)
		c.nodes[i] = &m
	}
	c.messages = append([]message(nil), f.messages...)
	return &c
}

// save stores f as the flow's new state.
func (o *Ory) save(f *flow) { o.flows[f.id] = f }

// json renders the flow.
func (f *flow) json() obj {
	ui := obj{{"action", f.base + "/self-service/login?flow=" + f.id}, {"method", "POST"}, {"nodes", f.nodes}}
	if len(f.messages) > 0 {
		ui = append(ui, field{"messages", f.messages})
	}
	o := obj{
		{"id", f.id},
		{"organization_id", nil},
		{"type", f.kind},
		{"expires_at", f.expiresAt},
		{"issued_at", f.issuedAt},
		{"request_url", f.requestURL},
	}
	if f.returnTo != "" {
		o = append(o, field{"return_to", f.returnTo})
	}
	if f.active != "" {
		o = append(o, field{"active", f.active})
	}
	o = append(o,
		field{"ui", ui},
		field{"created_at", f.createdAt},
		field{"updated_at", f.createdAt},
		field{"refresh", f.refresh},
		field{"requested_aal", f.requestedAAL},
		field{"state", f.state},
	)
	if f.transient {
		o = append(o, field{"transient_payload", obj{}})
	}
	return o
}

// csrfValue is the csrf_token node's value for f: empty for API flows, a
// fresh mask of the flow's anti-CSRF secret for browser flows.
func (o *Ory) csrfValue(f *flow) string {
	if f.kind == kindBrowser {
		return maskCSRF(f.csrf)
	}
	return ""
}

// newFlow is Kratos's NewLoginFlow for the request r: it checks the
// requested AAL against the session r carries and builds the form. It
// does not store the flow. csrfSecret is the browser's anti-CSRF secret.
func (o *Ory) newFlow(r *request, kind flowKind, csrfSecret string) (*flow, *herr) {
	now := o.now()
	level := aal(r.query.Get("aal"))
	if level == "" {
		level = aal1
	}
	if level != aal1 && level != aal2 {
		e := errBadRequest.withReason("Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1, aal2] but got " + string(level))
		return nil, &e
	}
	refresh, _ := strconv.ParseBool(r.query.Get("refresh"))
	f := &flow{
		id:           newUUID(),
		kind:         kind,
		state:        stateChooseMethod,
		requestedAAL: level,
		refresh:      refresh,
		requestURL:   r.requestURL(),
		returnTo:     r.query.Get("return_to"),
		base:         r.base,
		issuedAt:     now,
		expiresAt:    now.Add(o.loginLifespan),
		createdAt:    now,
		csrf:         csrfSecret,
		codes:        &codeStore{},
	}
	sess := o.sessionFromRequest(r)
	switch {
	case sess == nil:
		if level != aal1 {
			e := errSessionAAL1Required()
			return nil, &e
		}
		f.refresh = false
	case f.refresh:
	case level == aal1 || level <= sess.aal:
		e := errAlreadyLoggedIn()
		return nil, &e
	}
	csrfValue := ""
	if kind == kindBrowser {
		csrfValue = maskCSRF(csrfSecret)
	}
	switch {
	case level == aal1 && f.refresh:
		hidden := &node{group: "default", name: "identifier", inputType: "hidden", value: str(sess.identity.email)}
		f.nodes = []*node{csrfNode(csrfValue), hidden, passwordNode(), passwordSubmitNode(labelSignIn())}
	case level == aal1 && o.loginStyle == LoginIdentifierFirst:
		f.nodes = []*node{o.identifierFirstNode(), identifierFirstSubmitNode(), csrfNode(csrfValue)}
	case level == aal1:
		f.nodes = []*node{o.identifierNode(), csrfNode(csrfValue), passwordNode(), passwordSubmitNode(labelSignInPassword())}
		if o.passwordless {
			f.nodes = append(f.nodes, withLabel(&node{group: "code", name: "method", inputType: "submit", value: str("code")}, labelSignInWithCode()))
		}
	default:
		f.nodes = aal2Nodes(sess.identity, csrfValue, kind == kindBrowser, !o.passwordless)
	}
	if f.refresh {
		f.messages = append(f.messages, msgLoginReAuth())
	}
	if sess != nil && level > sess.aal && level > aal1 {
		f.messages = append(f.messages, msgLoginMFA())
	}
	sortNodes(f.nodes)
	return f, nil
}

func errAlreadyLoggedIn() herr {
	return errBadRequest.withID("session_already_available").withReason(reasonAlreadyLoggedIn).withMessage("you are already logged in")
}

func errSessionAAL1Required() herr {
	return errUnauthorized.withID("session_aal1_required").
		withReason("You can not requested a higher AAL (AAL2/AAL3) without an active session.").
		withMessage("aal2 and aal3 can only be requested if a session exists already")
}

// createFlow answers GET /self-service/login/{api,browser}. On v26 an
// aal2 flow of an identity with exactly one code address and no other
// second factor is sent at once (Kratos's FastLogin2FA): the code is
// mailed and the flow answered in state sent_email, 200 for a JSON
// request, else a 303 to the login UI.
func (o *Ory) createFlow(r *request, kind flowKind) *response {
	secret := ""
	if kind == kindBrowser {
		secret = r.cookies[csrfCookieName(r.base)] // planted by route when missing
	}
	f, e := o.newFlow(r, kind, secret)
	if e != nil {
		return errorResponse(*e)
	}
	o.flows[f.id] = f
	if sess := o.sessionFromRequest(r); o.v26() && !o.passwordless && f.requestedAAL == aal2 && len(sess.identity.codeAddresses()) == 1 && !sess.identity.hasOtherFactor() {
		o.mailCode(f, sess.identity, sess.identity.email)
		f.state, f.active = stateSentEmail, "code"
		f.nodes = codeSentNodes(sess.identity.email)
		if kind == kindBrowser {
			f.nodes = append(f.nodes, csrfNode(maskCSRF(f.csrf)))
		}
		f.messages = []message{o.msgCodeSent()}
		if !r.isJSON() {
			return redirect(r, o.loginUIURL(r)+"?flow="+f.id)
		}
	}
	return jsonResponse(200, f.json())
}

// getFlow answers GET /self-service/login/flows?id=.
func (o *Ory) getFlow(r *request) *response {
	f := o.flows[r.query.Get("id")]
	if f == nil {
		return errorResponse(errNotFound.withMessage("Unable to locate the resource"))
	}
	if c := r.cookies[csrfCookieName(r.base)]; f.kind == kindBrowser && c != f.csrf {
		return errorResponse(o.csrfError(c == ""))
	}
	if !o.now().Before(f.expiresAt) {
		e := errGone.withID("self_service_flow_expired")
		if f.kind == kindBrowser {
			e = e.withReason("The login flow has expired. Redirect the user to the login flow init endpoint to initialize a new login flow.").
				withDetail("redirect_to", r.base+"/self-service/login/browser").
				withDetail("return_to", f.returnTo)
		} else {
			e = e.withReason("The login flow has expired. Call the login flow init API endpoint to initialize a new login flow.").
				withDetail("api", r.base+"/self-service/login/api")
		}
		return errorResponse(e)
	}
	return jsonResponse(200, f.json())
}

// flowResponse answers with the flow itself (status 200 or a 400 carrying
// the flow with its messages).
func flowResponse(status int, f *flow) *response { return jsonResponse(status, f.json()) }
