package offline

// Texts of Kratos's anti-CSRF rejections (x/nosurf.go).
const (
	csrfReason        = "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues."
	csrfTokenNotSent  = "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token)."
	csrfTokenMismatch = "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow."
	// v26 says why.
	csrfHintV26     = "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly."
	csrfNoCookieV26 = "The HTTP Cookie Header is empty or not set."
)

// csrfError is Kratos's 403 security_csrf_violation. Kratos v1.3.1 means
// to say why (x.CSRFErrorReason picks one of eight errors), but all eight
// share one details map that herodot's WithDetail mutates in place while
// the package initialises, so every one of them carries the details of the
// last assignments: the "token not sent" hint and the "do not match"
// reason. Real Kratos answers exactly that, whatever the cause. v26 has
// one hint for all and tells a missing cookie (noCookie) apart.
func (o *Ory) csrfError(noCookie bool) herr {
	hint, reason := csrfTokenNotSent, csrfTokenMismatch
	if o.v26() {
		hint = csrfHintV26
		if noCookie {
			reason = csrfNoCookieV26
		}
	}
	return errForbidden.withID("security_csrf_violation").
		withReason(csrfReason).
		withMessage("the request was rejected to protect you from Cross-Site-Request-Forgery").
		withDetail("docs", "https://www.ory.sh/kratos/docs/debug/csrf").
		withDetail("hint", hint).
		withDetail("reject_reason", reason)
}
