package offline

import (
	"strconv"
	"strings"

	"github.com/orylogin/orylogin/wasm/transport"
)

// Content types Kratos answers with: flows and sessions carry a charset,
// herodot's error envelopes do not.
const (
	contentTypeJSON  = "application/json; charset=utf-8"
	contentTypeError = "application/json"
)

// response is one answer before it becomes a transport.Response.
type response struct {
	status  int
	header  map[string]string // lower-case keys
	body    []byte
	cookies []cookie
	noCache bool    // leave out Cache-Control (health checks)
	errorID *string // an error envelope's id ("" for id-less errors); nil for other answers
}

// transport converts r, adding Kratos's cache header and the Set-Cookies
// (joined with ", " as a fetch Headers object and the host transport do).
func (r *response) transport() *transport.Response {
	h := map[string]string{}
	for k, v := range r.header {
		h[k] = v
	}
	if !r.noCache {
		h["cache-control"] = "private, no-cache, no-store, must-revalidate"
	}
	h["vary"] = "Origin, Cookie"
	if len(r.cookies) > 0 {
		parts := make([]string, len(r.cookies))
		for i, c := range r.cookies {
			parts[i] = c.String()
		}
		h["set-cookie"] = strings.Join(parts, ", ")
	}
	return &transport.Response{Status: r.status, Header: h, Body: r.body}
}

// jsonResponse answers status with v as a flow or session body.
func jsonResponse(status int, v any) *response {
	b, err := marshal(v)
	if err != nil {
		return errorResponse(errInternal.withReason("The response could not be encoded."))
	}
	return &response{status: status, header: map[string]string{"content-type": contentTypeJSON}, body: b}
}

// redirect is net/http's Redirect with 303, as Kratos sends a request that
// does not ask for JSON to its UI: a GET gets a short HTML body.
func redirect(r *request, to string) *response {
	res := &response{status: 303, header: map[string]string{"location": to}}
	if r.method == "GET" {
		res.header["content-type"] = "text/html; charset=utf-8"
		res.body = []byte("<a href=\"" + htmlEscape(to) + "\">See Other</a>.\n\n")
	}
	return res
}

// htmlEscape is net/http's htmlReplacer.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// noContent answers 204 with no body.
func noContent() *response { return &response{status: 204} }

// herr is a herodot error: the {"error":{…}} envelope plus the top-level
// keys some Kratos errors add (use_flow_id, redirect_browser_to …).
type herr struct {
	id      string
	code    int
	reason  string
	message string
	details obj
	extra   obj
}

// Generic herodot errors, as Kratos's handlers start from them.
var (
	errBadRequest   = herr{code: 400, message: "The request was malformed or contained invalid parameters"}
	errUnauthorized = herr{code: 401, message: "The request could not be authorized"}
	errForbidden    = herr{code: 403, message: "The requested action was forbidden"}
	errNotFound     = herr{code: 404, message: "The requested resource could not be found"}
	errGone         = herr{code: 410, message: "The requested resource is no longer available because it has expired or is otherwise invalid."}
	errInternal     = herr{code: 500, message: "An internal server error occurred, please contact the system administrator"}
)

func (e herr) withID(id string) herr     { e.id = id; return e }
func (e herr) withReason(r string) herr  { e.reason = r; return e }
func (e herr) withMessage(m string) herr { e.message = m; return e }
func (e herr) withDetail(k string, v any) herr {
	e.details = append(append(obj{}, e.details...), field{k, v})
	return e
}
func (e herr) withExtra(k string, v any) herr {
	e.extra = append(append(obj{}, e.extra...), field{k, v})
	return e
}

// body renders the envelope.
func (e herr) body() obj {
	inner := obj{}
	if e.id != "" {
		inner = append(inner, field{"id", e.id})
	}
	inner = append(inner, field{"code", e.code}, field{"status", statusText(e.code)})
	if e.reason != "" {
		inner = append(inner, field{"reason", e.reason})
	}
	if e.message != "" {
		inner = append(inner, field{"message", e.message})
	}
	if len(e.details) > 0 {
		inner = append(inner, field{"details", e.details})
	}
	return append(obj{{"error", inner}}, e.extra...)
}

// errorResponse answers e with its own status.
func errorResponse(e herr) *response {
	b, _ := marshal(e.body())
	return &response{status: e.code, header: map[string]string{"content-type": contentTypeError}, body: b, errorID: &e.id}
}

// injectedFailure is FailNext's answer: a herodot envelope for status.
func injectedFailure(status int) *transport.Response {
	e := herr{code: status, message: statusText(status)}
	switch status {
	case 400:
		e = errBadRequest
	case 401:
		e = errUnauthorized
	case 403:
		e = errForbidden
	case 404:
		e = errNotFound.withMessage("Unable to locate the resource")
	case 410:
		e = errGone
	case 500:
		e = errInternal
	}
	if status < 400 {
		e.message = "injected failure"
	}
	return errorResponse(e).transport()
}

// statusText is net/http's StatusText for the statuses Kratos uses (this
// package does not link net/http).
func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 204:
		return "No Content"
	case 303:
		return "See Other"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 409:
		return "Conflict"
	case 410:
		return "Gone"
	case 413:
		return "Request Entity Too Large"
	case 422:
		return "Unprocessable Entity"
	case 429:
		return "Too Many Requests"
	case 500:
		return "Internal Server Error"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Gateway Timeout"
	}
	return "Status " + strconv.Itoa(code)
}
