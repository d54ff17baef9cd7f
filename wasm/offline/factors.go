package offline

import (
	"crypto/subtle"

	"github.com/orylogin/orylogin/wasm/internal/totp"
	"github.com/orylogin/orylogin/wasm/offlineapi"
)

// Factors is what a demo shows of an identity's second factors.
type Factors = offlineapi.Factors

// totpLogin is the totp strategy on an aal2 flow (Kratos's
// totp.Strategy.Login): the authenticator app's code, one 30-second step
// of skew either side allowed. A wrong code answers the flow with 4000008.
func (o *Ory) totpLogin(r *request, f *flow, p *form, sess *session) *response {
	i := sess.identity
	if i.totpSecret == "" {
		return o.flowMessages(f, 400, msgNoStrategy())
	}
	fail := func() { o.resetInput(f, "totp_code") }
	if e := o.checkCSRF(r, f, p); e != nil {
		fail()
		return o.flowFail(f, *e)
	}
	if p.TOTPCode == "" {
		fail()
		return o.nodeMessage(f, "totp_code", msgRequired("totp_code"))
	}
	if !totp.Valid(i.totpSecret, p.TOTPCode, o.now()) {
		fail()
		return o.flowMessages(f, 400, msgTOTPWrong())
	}
	return o.secondFactorDone(r, f, sess, "totp")
}

// lookupLogin is the lookup_secret strategy (Kratos's lookup.Strategy.Login):
// each backup code works once; an unknown one answers 4000016, a used one
// 4000012.
func (o *Ory) lookupLogin(r *request, f *flow, p *form, sess *session) *response {
	i := sess.identity
	if i.backupCodes == nil {
		return o.flowMessages(f, 400, msgNoStrategy())
	}
	fail := func() { o.resetInput(f, "lookup_secret") }
	if e := o.checkCSRF(r, f, p); e != nil {
		fail()
		return o.flowFail(f, *e)
	}
	if p.LookupSecret == "" {
		fail()
		return o.nodeMessage(f, "lookup_secret", msgRequired("lookup_secret"))
	}
	var match *backupCode
	for _, c := range i.backupCodes {
		if subtle.ConstantTimeCompare([]byte(c.code), []byte(p.LookupSecret)) == 1 {
			match = c
		}
	}
	switch {
	case match == nil:
		fail()
		return o.flowMessages(f, 400, msgLookupInvalid())
	case match.used:
		fail()
		return o.flowMessages(f, 400, msgLookupUsed())
	}
	match.used = true
	return o.secondFactorDone(r, f, sess, "lookup_secret")
}

// resetInput is a second-factor strategy's handleLoginError: the input
// loses its value (Kratos's ResetNodes drops the key), and a browser flow
// gets a fresh csrf_token.
func (o *Ory) resetInput(f *flow, name string) {
	if n := find(f.nodes, name); n != nil {
		n.value = nil
	}
	if f.kind == kindBrowser {
		f.nodes = setCSRF(f.nodes, o.csrfValue(f))
	}
}

// secondFactorDone completes an aal2 flow by method and answers the
// session.
func (o *Ory) secondFactorDone(r *request, f *flow, sess *session, method string) *response {
	f.active = method
	o.save(f)
	sess.complete(method, aal2, o.now())
	return o.loggedIn(r, f, sess, false)
}

// Factors returns what a demo shows of the second factors of the identity
// with this email (the current TOTP code, the unused backup codes, the
// phone), and false for an unknown email. A real Ory never tells: this is
// for the offline inbox only.
func (o *Ory) Factors(email string) (Factors, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := o.byEmail(email)
	if i == nil {
		return Factors{}, false
	}
	fs := Factors{Phone: i.phone}
	if i.totpSecret != "" {
		fs.TOTP, _ = totp.Code(i.totpSecret, o.now())
	}
	for _, c := range i.backupCodes {
		if !c.used {
			fs.BackupCodes = append(fs.BackupCodes, c.code)
		}
	}
	return fs, true
}
