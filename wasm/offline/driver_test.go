//go:build !js

package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/transport"
)

// backend is one Ory the scenarios run against: a real Kratos (through the
// host transport with a fresh cookie jar) or the offline Ory.
type backend struct {
	name   string
	tr     transport.Transport
	base   string
	code   func(email string) string   // the newest code mailed to email
	codes  func(email string) []string // every code mailed to email, oldest first
	expire func(d time.Duration)       // let d pass on the backend's clock
	// totp is alice's authenticator app's current code and backupCodes
	// her backup codes, in the "factors" configuration.
	totp        func() string
	backupCodes []string
}

// step is one recorded exchange of a scenario.
type step struct {
	label string
	req   *transport.Request
	res   *transport.Response
}

// driver runs one scenario for one flow kind against one backend and
// records every exchange.
type driver struct {
	t     testing.TB
	b     backend
	kind  string // "api" | "browser"
	token string // api: the session token, sent when useToken
	csrf  string // browser: the csrf_token value of the latest flow
	steps []step
	// state is the state of the flow createFlow made last.
	state string
	// useToken sends the session token (api kind) on the next requests.
	useToken bool
}

func newDriver(t testing.TB, b backend, kind string) *driver {
	return &driver{t: t, b: b, kind: kind}
}

// opt changes one request before it is sent.
type opt func(*transport.Request)

func header(k, v string) opt { return func(r *transport.Request) { r.Header[k] = v } }

// body replaces the request body and its Content-Type.
func body(contentType, b string) opt {
	return func(r *transport.Request) { r.Body = []byte(b); r.Header["Content-Type"] = contentType }
}

// omitCredentials sends the request without the jar's cookies.
func omitCredentials(r *transport.Request) { r.Credentials = transport.CredentialsOmit }

// noToken leaves the session token off one request.
func noToken(r *transport.Request) { delete(r.Header, "X-Session-Token") }

// do sends one request and records it under label. body, when not nil, is
// sent as JSON.
func (d *driver) do(label, method, pathQuery string, body any, opts ...opt) *transport.Response {
	d.t.Helper()
	r := &transport.Request{Method: method, URL: d.b.base + pathQuery, Header: map[string]string{"Accept": "application/json"}}
	if d.kind == "browser" {
		r.Credentials = transport.CredentialsInclude
	} else {
		r.Credentials = transport.CredentialsOmit
		if d.useToken && d.token != "" {
			r.Header["X-Session-Token"] = d.token
		}
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			d.t.Fatal(err)
		}
		r.Body = b
		r.Header["Content-Type"] = "application/json"
	}
	for _, o := range opts {
		o(r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := d.b.tr.Do(ctx, r)
	if err != nil {
		d.t.Fatalf("%s: %s: %s %s: %v", d.b.name, label, method, pathQuery, err)
	}
	d.steps = append(d.steps, step{label, r, res})
	d.remember(res)
	return res
}

// remember keeps the csrf token of a flow and the token of a session.
func (d *driver) remember(res *transport.Response) {
	var body struct {
		SessionToken string `json:"session_token"`
		UI           struct {
			Nodes []struct {
				Attributes struct {
					Name  string `json:"name"`
					Value any    `json:"value"`
				} `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	if json.Unmarshal(res.Body, &body) != nil {
		return
	}
	if body.SessionToken != "" {
		d.token = body.SessionToken
	}
	for _, n := range body.UI.Nodes {
		if v, ok := n.Attributes.Value.(string); ok && n.Attributes.Name == "csrf_token" && v != "" {
			d.csrf = v
		}
	}
}

// json decodes the last response body.
func decode(t testing.TB, res *transport.Response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(res.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %.200s", err, res.Body)
	}
	return m
}

// Steps of the login protocol.

// createFlow starts a login flow of the driver's kind; query like "aal=aal2".
func (d *driver) createFlow(label, query string, opts ...opt) string {
	path := "/self-service/login/" + d.kind
	if query != "" {
		path += "?" + query
	}
	res := d.do(label, "GET", path, nil, opts...)
	if res.Status == 303 {
		d.state = ""
		return flowInLocation(res.Header["location"])
	}
	m := decode(d.t, res)
	id, _ := m["id"].(string)
	d.state, _ = m["state"].(string)
	return id
}

// flowInLocation is the flow id of a redirect to the login UI.
func flowInLocation(loc string) string {
	_, q, _ := strings.Cut(loc, "?")
	v, _ := url.ParseQuery(q)
	return v.Get("flow")
}

// sendIfAsked sends the code as a client does: only when the flow made
// last asks for an address (v1.3.1); a flow created in sent_email (v26's
// auto-send) has mailed it already.
func (d *driver) sendIfAsked(label, flowID, email string) {
	if d.state == "choose_method" {
		d.sendCode(label, flowID, email)
	}
}

// submit posts body to the flow, adding the csrf token in browser flows.
func (d *driver) submit(label, flowID string, body map[string]any, opts ...opt) *transport.Response {
	if d.kind == "browser" {
		if _, ok := body["csrf_token"]; !ok {
			body["csrf_token"] = d.csrf
		}
	}
	return d.do(label, "POST", "/self-service/login?flow="+url.QueryEscape(flowID), body, opts...)
}

func (d *driver) password(label, flowID, email, password string, opts ...opt) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "password", "identifier": email, "password": password}, opts...)
}

func (d *driver) sendCode(label, flowID, email string, opts ...opt) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "code", "address": email}, opts...)
}

func (d *driver) resendCode(label, flowID, email string) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "code", "resend": "code", "address": email})
}

func (d *driver) verifyCode(label, flowID, code string) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "code", "code": code})
}

func (d *driver) submitTOTP(label, flowID, code string) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "totp", "totp_code": code})
}

func (d *driver) submitLookup(label, flowID, code string) *transport.Response {
	return d.submit(label, flowID, map[string]any{"method": "lookup_secret", "lookup_secret": code})
}

func (d *driver) whoami(label string) *transport.Response {
	return d.do(label, "GET", "/sessions/whoami", nil)
}

func (d *driver) getFlow(label, id string) *transport.Response {
	return d.do(label, "GET", "/self-service/login/flows?id="+url.QueryEscape(id), nil)
}

// login runs the AAL1 step on a new flow and, for api flows, starts
// sending the session token.
func (d *driver) login(email, password string) *transport.Response {
	id := d.createFlow("create aal1 flow", "")
	res := d.password("submit password", id, email, password)
	d.useToken = true
	return res
}

// stepUp runs the AAL2 step: a new aal2 flow, send, verify the mailed code.
func (d *driver) stepUp(email string) *transport.Response {
	id := d.createFlow("create aal2 flow", "aal=aal2")
	d.sendIfAsked("send code", id, email)
	return d.verifyCode("verify code", id, d.b.code(email))
}

// logout ends the session the way the flow kind does.
func (d *driver) logout() {
	if d.kind == "api" {
		d.do("logout (api)", "DELETE", "/self-service/logout/api", map[string]any{"session_token": d.token}, noToken)
		return
	}
	res := d.do("logout flow (browser)", "GET", "/self-service/logout/browser", nil)
	var lo struct {
		LogoutToken string `json:"logout_token"`
	}
	_ = json.Unmarshal(res.Body, &lo)
	d.do("logout (browser)", "GET", "/self-service/logout?token="+url.QueryEscape(lo.LogoutToken), nil)
}

// wrongCode is a code that is not the mailed one, nor one of the
// placeholders transcripts put for mailed codes (000000, 000001, …).
func wrongCode(good string) string {
	if good == "111111" {
		return "222222"
	}
	return "111111"
}

// uniqueEmail gives each scenario run its own identity on the shared Kratos.
func uniqueEmail(name string) string {
	return fmt.Sprintf("%s-%s@example.com", name, strings.ToLower(randomString(8, alphaNum)))
}
