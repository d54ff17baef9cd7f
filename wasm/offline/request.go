package offline

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/orylogin/orylogin/wasm/transport"
)

// routes are the paths the Ory answers, longest first so that a suffix
// match finds the most specific one. The part of the URL before the route
// is the base URL (Kratos's serve.public.base_url).
var routes = []string{
	"/self-service/login/browser",
	"/self-service/logout/browser",
	"/self-service/login/flows",
	"/self-service/logout/api",
	"/self-service/login/api",
	"/self-service/logout",
	"/self-service/login",
	"/sessions/whoami",
	"/health/ready",
	"/health/alive",
}

// request is a transport.Request taken apart.
type request struct {
	method  string
	base    string // scheme://host[/prefix], no trailing slash
	route   string // one of routes, or the raw path when none matches
	query   url.Values
	header  map[string]string // lower-case keys
	cookies map[string]string
	body    []byte
	include bool // Credentials "include"
}

// parseRequest reads r; cookies come from an explicit Cookie header and,
// for Credentials "include", from the jar.
func parseRequest(r *transport.Request, cookies map[string]string) (*request, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, errors.New("The request URL could not be parsed.")
	}
	req := &request{
		method:  strings.ToUpper(r.Method),
		query:   u.Query(),
		header:  map[string]string{},
		cookies: map[string]string{},
		body:    r.Body,
		include: r.Credentials == transport.CredentialsInclude,
	}
	if req.method == "" {
		req.method = "GET"
	}
	for k, v := range r.Header {
		req.header[strings.ToLower(k)] = v
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	req.route = path
	prefix := ""
	for _, rt := range routes {
		if strings.HasSuffix(path, rt) {
			req.route, prefix = rt, strings.TrimSuffix(path, rt)
			break
		}
	}
	req.base = u.Scheme + "://" + u.Host + prefix
	if u.Scheme == "" {
		req.base = prefix
	}
	if req.include {
		for k, v := range cookies {
			req.cookies[k] = v
		}
	}
	if h := req.header["cookie"]; h != "" {
		parseCookieHeader(h, req.cookies)
	}
	return req, nil
}

// requestURL is the URL Kratos records for a flow: the public base URL,
// the path and the query.
func (r *request) requestURL() string {
	u := r.base + r.route
	if q := r.query.Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// hasCookieHeader reports whether the request carries cookies other than
// Cloudflare's, which Kratos takes as a browser using an API flow.
func (r *request) hasCookieHeader() bool {
	for name := range r.cookies {
		if !(strings.HasPrefix(name, "__cf") || strings.HasPrefix(name, "_cf") || strings.HasPrefix(name, "cf_")) {
			return true
		}
	}
	return false
}

// isJSON is Kratos's x.IsJSONRequest: Accept asks for JSON, or the
// Content-Type is exactly application/json (with a charset it is not).
func (r *request) isJSON() bool {
	return r.header["content-type"] == "application/json" || strings.Contains(strings.ToLower(r.header["accept"]), "application/json")
}

// form is the decoded body of a POST to a login flow.
type form struct {
	Method             string
	Identifier         string
	Password           string
	PasswordIdentifier string
	CSRFToken          string
	Code               string
	Address            string
	Resend             string
	TOTPCode           string
	LookupSecret       string
	present            map[string]bool
}

// errDecode carries the 4000001 reason Kratos gives for an undecodable body.
type errDecode struct{ reason string }

func (e *errDecode) Error() string { return e.reason }

// decodeForm reads a JSON or form-urlencoded body, as Kratos's decoderx.
func (r *request) decodeForm() (*form, error) {
	f := &form{present: map[string]bool{}}
	ct := strings.TrimSpace(strings.ToLower(r.header["content-type"]))
	mediaType, _, _ := strings.Cut(ct, ";")
	mediaType = strings.TrimSpace(mediaType)
	if len(r.body) == 0 {
		return f, &errDecode{reasonEmptyBody}
	}
	values := map[string]string{}
	switch mediaType {
	case "application/json":
		var m map[string]any
		if err := json.Unmarshal(r.body, &m); err != nil {
			return f, &errDecode{reasonBadJSON}
		}
		for k, v := range m {
			if s, ok := v.(string); ok {
				values[k] = s
			}
			f.present[k] = true
		}
	case "application/x-www-form-urlencoded", "multipart/form-data":
		q, err := url.ParseQuery(string(r.body))
		if err != nil {
			return f, &errDecode{reasonBadJSON}
		}
		for k := range q {
			values[k] = q.Get(k)
			f.present[k] = true
		}
	default:
		return f, &errDecode{`HTTP POST Request used unknown HTTP Header "Content-Type: ` + r.header["content-type"] + `", only [multipart/form-data application/x-www-form-urlencoded application/json] are supported.`}
	}
	f.Method = values["method"]
	f.Identifier = values["identifier"]
	f.Password = values["password"]
	f.PasswordIdentifier = values["password_identifier"]
	f.CSRFToken = values["csrf_token"]
	f.Code = values["code"]
	f.Address = values["address"]
	f.Resend = values["resend"]
	f.TOTPCode = values["totp_code"]
	f.LookupSecret = values["lookup_secret"]
	return f, nil
}
