// Package offline is an Ory Kratos that lives inside the process: it
// answers the self-service login API (password as AAL1; as AAL2 a one-time
// code by e-mail or SMS, an authenticator app's TOTP code or a backup
// code, per identity), whoami and logout for both flow kinds, the way a real
// Kratos does, so that offline demos and fast tests run the adapter and the
// state machine unchanged. It implements transport.Transport and plays the
// browser's cookie jar for requests whose Credentials are "include". It
// speaks Kratos v1.3.1 or v26.2.0 (Options.Kratos).
//
// It links neither net/http nor regexp, so it stays small in a wasm build.
// The conformance suite (conformance_test.go) runs the same scenarios
// against a real Kratos and against this package and compares every
// exchange.
package offline

import (
	"context"
	"sync"
	"time"

	"github.com/orylogin/orylogin/wasm/offlineapi"
	"github.com/orylogin/orylogin/wasm/transport"
)

// Identity is one account: its email is both the password identifier and
// the address the second-factor code is mailed to.
type Identity = offlineapi.Identity

// Mail is one message the courier sent. Code is the one-time code in Body.
type Mail = offlineapi.Mail

// Options configure an Ory. The zero value is a working demo.
type Options struct {
	Identities    []Identity       // nil = [{demo@example.com, ory-demo-password}]
	RequiredAAL   string           // session.whoami.required_aal: "" = "aal1", or "highest_available"
	LoginLifespan time.Duration    // login flow lifespan; 0 = 10m
	CodeLifespan  time.Duration    // one-time code lifespan; 0 = 15m
	Now           func() time.Time // nil = time.Now; Advance adds to it
	// ReturnURL is selfservice.default_browser_return_url, announced in the
	// continue_with of a browser login; "" = the origin of the request + "/".
	ReturnURL string
	// LoginUI is selfservice.flows.login.ui_url, where Kratos redirects
	// requests that do not ask for JSON; "" = ReturnURL's origin (or the
	// request's) + "/login.html".
	LoginUI string
	// Kratos is the release whose answers the Ory gives; "" =
	// DefaultKratos. KratosV26_2_0 is what Ory Network users see.
	Kratos Kratos
	// LoginStyle is selfservice.flows.login.style; "" = LoginUnified.
	LoginStyle LoginStyle
	// Passwordless makes the code method a first factor, as Kratos's
	// code.passwordless_enabled with mfa_enabled off: the aal1 flow offers
	// "sign in with code" beside the password, and aal2 flows no code.
	Passwordless bool
}

// Demo identity used when Options.Identities is nil (offlineapi.DemoIdentity
// gives it second factors).
const (
	DemoEmail    = offlineapi.DemoEmail
	DemoPassword = offlineapi.DemoPassword
)

const (
	defaultLoginLifespan = 10 * time.Minute
	defaultCodeLifespan  = 15 * time.Minute
	sessionLifespan      = 24 * time.Hour
)

// Ory is the in-process Kratos. Its methods are safe for concurrent use.
type Ory struct {
	mu sync.Mutex

	kratos        Kratos
	loginStyle    LoginStyle
	passwordless  bool
	requiredAAL   string
	loginLifespan time.Duration
	codeLifespan  time.Duration
	returnURL     string
	loginUI       string
	clock         func() time.Time
	offset        time.Duration
	latency       time.Duration
	failNext      int

	identities []*identity
	flows      map[string]*flow
	sessions   map[string]*session // by token
	logouts    map[string]string   // logout token → session token
	inbox      []Mail
	jar        jar
}

// New returns an Ory configured by o. It panics on a Kratos release or
// login style it does not know: take those from ParseKratos.
func New(o Options) *Ory {
	ory := &Ory{
		kratos:        o.Kratos,
		loginStyle:    o.LoginStyle,
		passwordless:  o.Passwordless,
		requiredAAL:   o.RequiredAAL,
		loginLifespan: o.LoginLifespan,
		codeLifespan:  o.CodeLifespan,
		returnURL:     o.ReturnURL,
		loginUI:       o.LoginUI,
		clock:         o.Now,
	}
	var err error
	if ory.kratos, err = ParseKratos(string(o.Kratos)); err != nil {
		panic(err)
	}
	switch ory.loginStyle {
	case "":
		ory.loginStyle = LoginUnified
	case LoginUnified, LoginIdentifierFirst:
	default:
		panic("offline: unknown login style " + string(o.LoginStyle))
	}
	if ory.requiredAAL == "" {
		ory.requiredAAL = "aal1"
	}
	if ory.loginLifespan <= 0 {
		ory.loginLifespan = defaultLoginLifespan
	}
	if ory.codeLifespan <= 0 {
		ory.codeLifespan = defaultCodeLifespan
	}
	if ory.clock == nil {
		ory.clock = time.Now
	}
	ory.reset(o.Identities)
	return ory
}

// Reset forgets every session, flow, mail and cookie, and replaces the
// identities with ids (nil = the demo identity). Latency, FailNext and the
// clock are kept.
func (o *Ory) Reset(ids []Identity) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reset(ids)
}

// ResetAs is Reset that also switches the release the Ory speaks, its
// login style and the passwordless code, so a demo or a test can show
// Kratos v1.3.1's choice of address beside the default v26's auto-send,
// Ory Network's identifier-first screens or the login by code. s.Kratos
// and s.LoginStyle must come from ParseKratos and ParseLoginStyle.
func (o *Ory) ResetAs(s offlineapi.Setup, ids []Identity) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s.Kratos == "" {
		s.Kratos = DefaultKratos
	}
	if s.LoginStyle == "" {
		s.LoginStyle = LoginUnified
	}
	o.kratos, o.loginStyle, o.passwordless = s.Kratos, s.LoginStyle, s.Passwordless
	o.reset(ids)
}

func (o *Ory) reset(ids []Identity) {
	if ids == nil {
		ids = []Identity{offlineapi.DemoIdentity(false)}
	}
	now := o.now()
	o.identities = o.identities[:0]
	for _, id := range ids {
		o.identities = append(o.identities, newIdentity(id, now))
	}
	o.flows = map[string]*flow{}
	o.sessions = map[string]*session{}
	o.logouts = map[string]string{}
	o.inbox = nil
	o.jar = jar{}
}

// Inbox returns a copy of the mails sent so far, newest last.
func (o *Ory) Inbox() []Mail {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Mail(nil), o.inbox...)
}

// SetLatency makes every later answer wait d first (0 = none). A request
// whose context ends during the wait returns the context's error.
func (o *Ory) SetLatency(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.latency = d
}

// FailNext makes the next request answer status with a Kratos-shaped error
// body, without touching any state. 0 clears it.
func (o *Ory) FailNext(status int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failNext = status
}

// Advance moves the Ory's clock forward by d, to expire flows, codes and
// sessions without waiting.
func (o *Ory) Advance(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.offset += d
}

// now is the Ory's clock; callers hold mu (or are in New).
func (o *Ory) now() time.Time { return o.clock().Add(o.offset).UTC() }

// Do implements transport.Transport: it answers r as Kratos would. It
// returns an error only when ctx ends first.
func (o *Ory) Do(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	latency := o.latency
	o.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failNext != 0 {
		status := o.failNext
		o.failNext = 0
		return injectedFailure(status), nil
	}
	req, err := parseRequest(r, o.jar.cookies(o.now()))
	if err != nil {
		return errorResponse(errBadRequest.withReason(err.Error())).transport(), nil
	}
	res := o.route(req)
	if o.v26() {
		// v26 names the error id in a header and marks only GET answers
		// uncacheable.
		if res.errorID != nil {
			res.header["ory-error-id"] = *res.errorID
		}
		if req.method != "GET" {
			res.noCache = true
		}
	}
	if r.Credentials == transport.CredentialsInclude {
		o.jar.store(res.cookies, o.now())
	}
	return res.transport(), nil
}
