package offline

import (
	"crypto/subtle"
	"strconv"
	"strings"
	"time"
)

// maxCodeSubmissions is how many code submissions a flow accepts (Kratos
// counts every verify attempt on the flow; the 6th is refused).
const maxCodeSubmissions = 5

// loginCode is one one-time code sent for a flow.
type loginCode struct {
	code       string
	identityID string
	address    string
	expiresAt  time.Time
	used       bool
}

// codeLogin is the code strategy on an aal2 flow (Kratos's
// code.Strategy.Login): send (or resend) a code, or verify one.
func (o *Ory) codeLogin(r *request, f *flow, p *form, sess *session) *response {
	fail := func() {
		// Unlike the password strategy, Kratos's code strategy sets the
		// csrf_token node on API flows too (with an empty value).
		f.nodes = setCSRF(f.nodes, o.csrfValue(f))
		id := p.Address
		if id == "" {
			id = p.Identifier
		}
		f.nodes = upsert(f.nodes, &node{group: "default", name: "identifier", inputType: "hidden", value: str(id)})
	}
	if e := o.checkCSRF(r, f, p); e != nil {
		fail()
		return o.flowFail(f, *e)
	}
	if strings.EqualFold(p.Resend, "code") {
		f.state = stateChooseMethod
	}
	switch f.state {
	case stateChooseMethod:
		return o.sendCode(r, f, p, fail)
	case stateSentEmail:
		return o.verifyCode(r, f, p, sess, fail)
	}
	fail()
	return o.flowMessages(f, 400, msgNoStrategy())
}

// sendCode mails a new code to the address (the identity found by it,
// as Kratos does: any registered address gets the mail) and answers the
// flow in state sent_email with status 400.
func (o *Ory) sendCode(r *request, f *flow, p *form, fail func()) *response {
	identifier := p.Identifier
	if identifier == "" {
		identifier = p.Address
	}
	if strings.Contains(identifier, "@") {
		identifier = strings.ToLower(identifier)
	}
	if identifier == "" {
		if n := find(f.nodes, "identifier"); o.v26() && n != nil {
			// v26 keeps the flow's identifier node (group and label) and
			// only empties it.
			f.nodes = setCSRF(f.nodes, o.csrfValue(f))
			n.value = str("")
		} else {
			fail()
		}
		return o.nodeMessage(f, "identifier", msgRequired("identifier"))
	}
	i := o.byCodeAddress(identifier)
	if i == nil {
		if n := find(f.nodes, "identifier"); f.requestedAAL == aal1 && o.v26() && n != nil {
			// v26 keeps the passwordless flow's identifier input as it
			// was, with the identifier typed (v1.3.1 turns it hidden).
			n.value = str(identifier)
		} else {
			fail()
		}
		return o.flowMessages(f, 400, msgNoCodeCredentials())
	}
	address := i.email
	if i.phone != "" && i.phone == strings.TrimSpace(identifier) {
		address = i.phone
	}
	o.mailCode(f, i, address)
	f.state = stateSentEmail
	f.nodes = emailSentNodes(f.nodes, identifier)
	if f.kind == kindBrowser {
		f.nodes = setCSRF(f.nodes, maskCSRF(f.csrf))
	}
	f.messages = []message{o.msgCodeSent()}
	f.active = "code"
	o.save(f)
	if !r.isJSON() {
		// Kratos redirects a request that does not ask for JSON to the login
		// UI; the code has been sent all the same.
		return redirect(r, o.loginUIURL(r)+"?flow="+f.id)
	}
	f.transient = true
	res := flowResponse(400, f)
	f.transient = false
	return res
}

// mailCode sends a new code for f to address, one of i's code addresses
// (by e-mail, or by SMS to the phone); it replaces the flow's older codes.
func (o *Ory) mailCode(f *flow, i *identity, address string) {
	c := &loginCode{code: newCode(), identityID: i.id, address: address, expiresAt: o.now().Add(o.codeLifespan)}
	f.codes.codes = []*loginCode{c}
	m := Mail{To: address, Code: c.code,
		Subject: "Login to your account",
		Body:    "Hi,\n\nplease login to your account by entering the following code:\n\n" + c.code + "\n"}
	expires := "\n\nIt expires in " + strconv.Itoa(int(o.codeLifespan/time.Minute)) + " minutes.\n"
	switch {
	case address != i.email:
		// An SMS; v26 adds the expiry here too.
		m.Subject, m.Body = "", "Your login code is: "+c.code+"\n"
		if o.v26() {
			m.Body += expires[1:]
		}
	case o.v26():
		m.Subject = "Use code " + c.code + " to log in"
		m.Body = "Login to your account with the following code:\n\n" + c.code + expires
	}
	o.inbox = append(o.inbox, m)
}

// emailSentNodes is the sent_email form: the identifier/address nodes
// become the hidden identifier (keeping their labels), then the code
// input, the submit and resend buttons.
func emailSentNodes(old []*node, identifier string) []*node {
	var fresh []*node
	for _, n := range old {
		if n.name == "identifier" || n.name == "address" {
			c := *n
			c.inputType, c.name, c.messages = "hidden", "identifier", nil
			fresh = append(fresh, &c)
		}
	}
	fresh = upsert(fresh, &node{group: "code", name: "method", inputType: "hidden", value: str("code")})
	fresh = upsert(fresh, withLabel(&node{group: "code", name: "code", inputType: "text", required: true}, labelLoginCode()))
	fresh = append(fresh,
		withLabel(&node{group: "code", name: "method", inputType: "submit", value: str("code")}, labelContinue()),
		withLabel(&node{group: "code", name: "resend", inputType: "submit", value: str("code")}, labelResendCode()))
	if n := find(fresh, "identifier"); n != nil {
		n.value = str(identifier)
	}
	return fresh
}

// verifyCode checks a submitted code for the session's identity.
func (o *Ory) verifyCode(r *request, f *flow, p *form, sess *session, fail func()) *response {
	if p.Code == "" {
		fail()
		return o.nodeMessage(f, "code", msgRequired("code"))
	}
	f.codes.submitCount++
	if f.codes.submitCount > maxCodeSubmissions {
		fail()
		return o.flowMessages(f, 400, msgGeneric(reasonTooOften))
	}
	// A passwordless (aal1) flow has no session yet: its code names the
	// identity that signs in.
	var match *loginCode
	for _, c := range f.codes.codes {
		if (f.requestedAAL == aal1 || c.identityID == sess.identity.id) && subtle.ConstantTimeCompare([]byte(c.code), []byte(p.Code)) == 1 {
			match = c
		}
	}
	now := o.now()
	switch {
	case match == nil:
		fail()
		return o.flowMessages(f, 400, msgCodeInvalid())
	case !now.Before(match.expiresAt):
		fail()
		return o.expired(r, f, match.expiresAt)
	case match.used:
		fail()
		return o.flowFail(f, errBadRequest.withReason("The login code has already been used."))
	}
	match.used = true
	f.active = "code"
	f.state = statePassedChallenge
	o.save(f)
	// A passwordless (aal1) login gets a new session for the code's
	// identity, whose one method is the code; an aal2 one completes the
	// session it steps up.
	fresh := false
	if f.requestedAAL == aal1 {
		i := o.byID(match.identityID)
		if fresh = sess == nil || sess.identity != i; fresh {
			sess = newSession(i, now)
		}
		sess.complete("code", aal1, now)
	} else {
		sess.complete("code", aal2, now)
	}
	// v1.3.1 answers with the identity as it loaded it, before it marks
	// the address verified (whoami shows it verified afterwards, without
	// verified_at); v26 marks it first and records when.
	verify := func() {
		if i := sess.identity; !i.verified && i.email == match.address {
			i.verified = true
			i.addressUpdated = now
			if o.v26() {
				i.verifiedAt = now
			}
		}
	}
	if o.v26() {
		verify()
	}
	res := o.loggedIn(r, f, sess, fresh)
	verify()
	return res
}
