package offline

import (
	"strings"
	"time"
)

// session is one Kratos session: a token for API clients and, when it was
// issued to a browser, a cookie value that stands for the same session.
type session struct {
	id              string
	token           string
	cookie          string // ory_kratos_session value; "" for API sessions
	identity        *identity
	aal             aal
	methods         []authMethod
	issuedAt        time.Time
	authenticatedAt time.Time
	expiresAt       time.Time
	devices         []string // user agents, one per login through a flow
	deviceIDs       []string
}

// authMethod is one entry of authentication_methods.
type authMethod struct {
	method      string
	aal         aal
	completedAt time.Time
}

// newSession starts a session for i (first factor not yet recorded).
func newSession(i *identity, now time.Time) *session {
	return &session{
		id:       newUUID(),
		token:    newSessionToken(),
		identity: i,
		aal:      aal1,
		issuedAt: now,
	}
}

// addDevice records the client of a login. Kratos adds a device per
// completed login, but saves only the first: the answer to the AAL2 step
// lists two devices, whoami afterwards one (dropUnsavedDevice).
func (s *session) addDevice(userAgent string) {
	s.devices = append(s.devices, userAgent)
	s.deviceIDs = append(s.deviceIDs, newUUID())
}

// dropUnsavedDevice forgets the devices after the first.
func (s *session) dropUnsavedDevice() {
	if len(s.devices) > 1 {
		s.devices, s.deviceIDs = s.devices[:1], s.deviceIDs[:1]
	}
}

// complete records a finished method and recomputes the AAL: password and
// code (as MFA) together make aal2. Like Kratos it extends the session.
func (s *session) complete(method string, level aal, now time.Time) {
	s.methods = append(s.methods, authMethod{method, level, now})
	s.aal = aal1
	for _, m := range s.methods {
		if m.aal == aal2 {
			s.aal = aal2
		}
	}
	s.authenticatedAt = now
	s.expiresAt = now.Add(sessionLifespan)
}

// json renders the session; identity is omitted (null) when hideIdentity.
func (s *session) json(base string, hideIdentity bool) obj {
	methods := make([]obj, len(s.methods))
	for i, m := range s.methods {
		methods[i] = obj{{"method", m.method}, {"aal", m.aal}, {"completed_at", m.completedAt}}
	}
	devices := make([]obj, len(s.devices))
	for i, ua := range s.devices {
		devices[i] = obj{{"id", s.deviceIDs[i]}, {"ip_address", ""}, {"user_agent", ua}, {"location", ""}}
	}
	var ident any
	if !hideIdentity {
		ident = s.identity.json(base)
	}
	return obj{
		{"id", s.id},
		{"active", true},
		{"expires_at", s.expiresAt},
		{"authenticated_at", s.authenticatedAt},
		{"authenticator_assurance_level", s.aal},
		{"authentication_methods", methods},
		{"issued_at", s.issuedAt},
		{"identity", ident},
		{"devices", devices},
	}
}

// sessionFromRequest finds the live session the request carries, as
// Kratos's extractToken does: X-Session-Token, then the session cookie,
// then Authorization: Bearer.
func (o *Ory) sessionFromRequest(r *request) *session {
	token := r.header["x-session-token"]
	if token == "" {
		if c := r.cookies[sessionCookieName]; c != "" {
			for _, s := range o.sessions {
				if s.cookie == c {
					token = s.token
					break
				}
			}
		}
	}
	if token == "" {
		if a := r.header["authorization"]; len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
			token = strings.TrimSpace(a[7:])
		}
	}
	if token == "" {
		return nil
	}
	s := o.sessions[token]
	if s == nil || !o.now().Before(s.expiresAt) {
		return nil
	}
	return s
}

// whoamiAllows reports whether session.whoami.required_aal accepts s:
// highest_available wants aal2 from every identity (each has a code
// credential for its email).
func (o *Ory) whoamiAllows(s *session) bool {
	return o.requiredAAL != "highest_available" || s.aal == aal2
}

// sessionCookie issues (or re-issues) the browser cookie for s.
func (o *Ory) sessionCookie(s *session) cookie {
	if s.cookie == "" {
		s.cookie = randomString(64, alphaNum+"-_")
	}
	now := o.now()
	maxAge := int(sessionLifespan/time.Second) - 1
	return cookie{name: sessionCookieName, value: s.cookie, maxAge: maxAge, expires: now.Add(time.Duration(maxAge) * time.Second)}
}

// whoami answers GET /sessions/whoami.
func (o *Ory) whoami(r *request) *response {
	s := o.sessionFromRequest(r)
	if s == nil {
		return errorResponse(errUnauthorized.withReason("No valid session credentials found in the request."))
	}
	if !o.whoamiAllows(s) {
		return aal2Required(r.base)
	}
	res := jsonResponse(200, s.json(r.base, false))
	res.header["x-kratos-authenticated-identity-id"] = s.identity.id
	return res
}

// aal2Required is whoami's 403 for an AAL1 session under highest_available.
func aal2Required(base string) *response {
	to := base + "/self-service/login/browser?aal=aal2"
	return errorResponse(errForbidden.withID("session_aal2_required").
		withReason("An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.").
		withMessage("Session does not fulfill the requested Authenticator Assurance Level").
		withDetail("redirect_browser_to", to).
		withExtra("redirect_browser_to", to))
}
