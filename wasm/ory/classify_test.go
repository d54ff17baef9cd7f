//go:build !js

package ory

import (
	"context"
	"strings"
	"testing"

	"github.com/orylogin/orylogin/wasm/machine"
	"github.com/orylogin/orylogin/wasm/transport"
)

// recorded returns the first recorded answer of version's case whose step
// starts with step.
func recorded(t *testing.T, version, kase, step string) recordedAnswer {
	t.Helper()
	for _, a := range loadRecordedAnswers(t)[version] {
		if a.Case == kase && strings.HasPrefix(a.Step, step) {
			return a
		}
	}
	t.Fatalf("no recorded answer %s %s %s", version, kase, step)
	return recordedAnswer{}
}

func TestV26AutoSentFlowCarriesItsAddressNode(t *testing.T) {
	a := recorded(t, "v26.2.0", "api_happy", "A3")
	o := classify(reply{status: a.Status, body: a.Body, creating: true, kind: machine.FlowAPI})
	f := o.answer.Flow
	want := machine.Node{Group: "code", Name: "identifier", Type: "hidden", Value: "alice@example.com"}
	if o.err != nil || f == nil || f.OryState != machine.OryStateSentEmail || len(f.Nodes) == 0 || f.Nodes[0] != want {
		t.Fatalf("auto-sent flow: %+v %v", f, o.err)
	}
}

func TestUnknownNodesGroupsAndMessagesNeverFailAFlow(t *testing.T) {
	body := `{"id":"f","state":"sent_email","requested_aal":"aal2","identity_schema":"default","expires_at":"2030-01-01T00:00:00Z",
	"ui":{"action":"x","method":"POST","messages":[{"id":1999999,"text":"new","type":"info","context":{"x":1}}],"nodes":[
	{"type":"div","group":"captcha","attributes":{"node_type":"div","id":"turnstile","class":"c","data":{"a":"b"}},"messages":[],"meta":{}},
	{"type":"input","group":"saml","attributes":{"node_type":"input","name":"provider","type":"submit","value":"acme"},"messages":[],"meta":{}},
	{"type":"wat","group":"code","attributes":{"node_type":"wat","name":7},"messages":[],"meta":{}},
	{"type":"input","group":"code","attributes":{"node_type":"input","name":"identifier","type":"hidden","value":"a@x"},"messages":[],"meta":{}},
	{"type":"input","group":"code","attributes":{"node_type":"input","name":"code","type":"text"},"messages":[{"id":4999999,"text":"?","type":"error"}],"meta":{}}]}}`
	o := classify(reply{status: 200, body: []byte(body), creating: true, kind: machine.FlowBrowser})
	f := o.answer.Flow
	if o.err != nil || f == nil || len(f.Nodes) != 3 || f.Nodes[1].Value != "a@x" || len(f.Messages) != 2 || f.Messages[1].Field != "code" {
		t.Fatalf("got %+v %v", f, o.err)
	}
}

// Every row of the refusal table is seen in the recorded answers of each
// version it names, so a row cannot outlive the dialect it was made for.
func TestEveryRefusalIsRecorded(t *testing.T) {
	all := loadRecordedAnswers(t)
	for _, ref := range refusals {
		for _, v := range strings.Fields(ref.kratos) {
			found := false
			for _, a := range all[v] {
				p, err := parseLogin(a.Body)
				if err != nil || p.kind != bodyFlow {
					continue
				}
				for i := range p.flow.flow.Messages {
					if r, ok := refusalOf(p.flow, i); ok && r.name == ref.name {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("refusal %q not in the recorded %s answers", ref.name, v)
			}
		}
	}
}

func TestEachRefusalMeansWhatTheMachineNeeds(t *testing.T) {
	cases := []struct {
		version, kase, step string
		sent                *machine.Flow
		kind                machine.AnswerKind
		code                machine.Code
	}{
		{"v26.2.0", "e06_attempt_limit", "5 wrong", &machine.Flow{}, machine.AnswerFlowExhausted, ""},
		{"v26.2.0", "e13_expired_aal2", "verify on expired", &machine.Flow{}, machine.AnswerFlowExpired, ""},
		{"v26.2.0", "e34_35_origin_cookie", "password with Origin", &machine.Flow{}, 0, machine.CodeAPIFlowInBrowser},
	}
	for _, c := range cases {
		t.Run(c.kase, func(t *testing.T) {
			var a recordedAnswer
			for _, x := range loadRecordedAnswers(t)[c.version] {
				if x.Case == c.kase && strings.Contains(string(x.Body), "4000001") {
					a = x
					break
				}
			}
			if a.Body == nil {
				t.Fatal("no recorded 4000001")
			}
			o := classify(reply{status: a.Status, body: a.Body, sent: c.sent, kind: machine.FlowAPI})
			if machine.CodeOf(o.err) != c.code || (c.code == "" && o.answer.Kind != c.kind) {
				t.Fatalf("%s: %+v %v", a.Step, o.answer, o.err)
			}
		})
	}
}

// A flow creation that Ory answers with a 303 to its UI (Kratos v26 when
// the request was not JSON; a proxy that drops Accept) is read from the
// flow id in Location, on the configured Ory, not followed.
func TestCreationRedirectIsReadNotFollowed(t *testing.T) {
	redirect := recorded(t, "v26.2.0", "e26_31_body_and_headers", "#31 aal2 init no Accept")
	flow := recorded(t, "v26.2.0", "api_happy", "A3")
	var urls []string
	tr := transport.Func(func(_ context.Context, r *transport.Request) (*transport.Response, error) {
		urls = append(urls, r.URL)
		if len(urls) == 1 {
			return &transport.Response{Status: 303, Header: map[string]string{"location": redirect.Location}, Body: []byte("<a>See Other</a>.")}, nil
		}
		return &transport.Response{Status: 200, Body: flow.Body}, nil
	})
	a, err := New(Config{BaseURL: "http://127.0.0.1:4433", Kind: machine.FlowAPI, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := a.CreateFlow(context.Background(), machine.FlowRequest{AAL: machine.AAL2})
	id := strings.TrimPrefix(redirect.Location[strings.Index(redirect.Location, "?"):], "?flow=")
	if err != nil || ans.Flow == nil || ans.Flow.OryState != machine.OryStateSentEmail ||
		len(urls) != 2 || urls[1] != "http://127.0.0.1:4433/self-service/login/flows?id="+id {
		t.Fatalf("got %+v %v after %v", ans, err, urls)
	}
	// Any other redirect stays bad_response, with a text that says why.
	for _, r := range []reply{{status: 303, location: redirect.Location}, {status: 0, creating: true}, {status: 302, creating: true, location: "/x"}} {
		if o := classify(r); machine.CodeOf(o.err) != machine.CodeBadResponse || !strings.Contains(o.err.Error(), "Accept") {
			t.Fatalf("%+v: %v", r, o.err)
		}
	}
}

// The session token changes only as part of an outcome.
func TestTokenChangeIsPartOfTheOutcome(t *testing.T) {
	ok := recorded(t, "v26.2.0", "api_happy", "A2")
	if o := classify(reply{status: 200, body: ok.Body, sent: &machine.Flow{}, kind: machine.FlowAPI}); o.token != tokenSet || o.newToken == "" {
		t.Fatalf("login: %+v", o)
	}
	if o := classify(reply{status: 200, body: ok.Body, sent: &machine.Flow{}, kind: machine.FlowBrowser}); o.token != tokenKeep {
		t.Fatalf("browser login: %+v", o)
	}
	gone := recorded(t, "v26.2.0", "e15_aal2_post_without_token", "")
	for _, a := range loadRecordedAnswers(t)["v26.2.0"] {
		if a.Case == gone.Case && a.Status == 401 {
			gone = a
		}
	}
	if o := classify(reply{status: 401, body: gone.Body, sent: &machine.Flow{}, kind: machine.FlowAPI}); o.token != tokenDrop || o.answer.Kind != machine.AnswerNoSession {
		t.Fatalf("aal1 required: %+v", o)
	}
	out := recorded(t, "v26.2.0", "api_happy", "A7b")
	if o := classifyWhoAmI(out.Status, out.Body); o.token != tokenDrop || o.err != nil || o.answer.Session != nil {
		t.Fatalf("whoami 401: %+v", o)
	}
}
