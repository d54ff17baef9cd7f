//go:build !js

package ory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	client "github.com/ory/client-go"

	"github.com/orylogin/orylogin/wasm/internal/testkit"
	"github.com/orylogin/orylogin/wasm/machine"
)

// client-go's generated models are the oracle for the lean decoder: on the
// host only (this file is a test), so they are never linked into the wasm.

// oracleLogin is parseLogin with client-go's models.
func oracleLogin(b []byte) (parsed, error) {
	var p struct {
		ID, UI, Session, Error json.RawMessage
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return parsed{}, err
	}
	present := func(r json.RawMessage) bool { return r != nil && string(r) != "null" }
	switch {
	case present(p.Error):
		return oracleError(b)
	case present(p.ID) && present(p.UI):
		var f client.LoginFlow
		if err := json.Unmarshal(b, &f); err != nil {
			return parsed{}, err
		}
		return parsed{kind: bodyFlow, flow: oracleFlow(&f)}, nil
	case present(p.Session):
		var s client.SuccessfulNativeLogin
		if err := json.Unmarshal(b, &s); err != nil {
			return parsed{}, err
		}
		return parsed{kind: bodySuccess, session: oracleSession(&s.Session), token: s.GetSessionToken()}, nil
	}
	return parsed{}, nil
}

// oracleWhoAmI is parseWhoAmI with client-go's models.
func oracleWhoAmI(b []byte) (parsed, error) {
	var p struct{ Error json.RawMessage }
	if err := json.Unmarshal(b, &p); err != nil {
		return parsed{}, err
	}
	if p.Error != nil && string(p.Error) != "null" {
		return oracleError(b)
	}
	var s client.Session
	if err := json.Unmarshal(b, &s); err != nil {
		return parsed{}, err
	}
	return parsed{kind: bodySuccess, session: oracleSession(&s)}, nil
}

func oracleError(b []byte) (parsed, error) {
	var e client.ErrorGeneric
	if err := json.Unmarshal(b, &e); err != nil {
		return parsed{}, err
	}
	// client-go's GenericErrorContent has no "code" (only status_code):
	// read it, and the top-level keys, as the adapter did before.
	var extra struct {
		Error struct {
			Code int64 `json:"code"`
		} `json:"error"`
		RedirectBrowserTo string `json:"redirect_browser_to"`
		UseFlowID         string `json:"use_flow_id"`
	}
	if err := json.Unmarshal(b, &extra); err != nil {
		return parsed{}, err
	}
	return parsed{kind: bodyError, env: envelope{ID: e.Error.GetId(), Code: extra.Error.Code,
		RedirectBrowserTo: extra.RedirectBrowserTo, UseFlowID: extra.UseFlowID}}, nil
}

func oracleFlow(f *client.LoginFlow) *flowBody {
	out := &flowBody{flow: machine.Flow{ID: f.Id, OryState: string(f.State), ExpiresAt: f.ExpiresAt, Refresh: f.GetRefresh()}}
	if f.RequestedAal != nil {
		out.flow.RequestedAAL = machine.AAL(*f.RequestedAal)
	}
	add := func(ms []client.UiText, field string) {
		for _, m := range ms {
			out.addMessage(int(m.Id), m.Type, m.Text, m.Context, field)
		}
	}
	add(f.Ui.Messages, "")
	for _, n := range f.Ui.Nodes {
		in := n.Attributes.UiNodeInputAttributes
		if in == nil {
			continue
		}
		value, _ := in.Value.(string)
		out.addNode(n.Group, in.Name, in.Type, value)
		add(n.Messages, in.Name)
	}
	return out
}

func oracleSession(s *client.Session) *machine.Session {
	if s.Id == "" || s.AuthenticatorAssuranceLevel == nil {
		return nil
	}
	aal := machine.AAL(*s.AuthenticatorAssuranceLevel)
	if aal != machine.AAL1 && aal != machine.AAL2 {
		return nil
	}
	out := &machine.Session{ID: s.Id, AAL: aal, Active: s.GetActive(), ExpiresAt: s.GetExpiresAt(), AuthenticatedAt: s.GetAuthenticatedAt()}
	for _, m := range s.AuthenticationMethods {
		if m.Method != nil {
			out.Methods = append(out.Methods, *m.Method)
		}
	}
	if s.Identity != nil {
		traits, _ := s.Identity.Traits.(map[string]any)
		out.Identity = &machine.Identity{ID: s.Identity.Id, Traits: traits}
	}
	return out
}

// sameAsOracle fails t when the lean decoder and client-go disagree on body:
// where client-go reads it, the lean decoder must read the same values and
// classify gives the same outcome. The lean decoder may accept answers that
// client-go refuses for keys the machine never reads, may read a body
// that holds a key twice in one object differently (hasDuplicateKeys), and
// refuses a time that is not RFC 3339 (hasLenientTime).
func sameAsOracle(t *testing.T, whoami bool, r reply) {
	t.Helper()
	lean, oracle := parseLogin, oracleLogin
	if whoami {
		lean, oracle = parseWhoAmI, oracleWhoAmI
	}
	want, werr := oracle(r.body)
	if werr != nil || hasDuplicateKeys(r.body) || hasLenientTime(r.body) {
		return
	}
	got, err := lean(r.body)
	if err != nil {
		t.Fatalf("client-go reads the answer, the lean decoder refuses it: %v\n%.300s", err, r.body)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoders differ:\nlean   %+v\noracle %+v\n%.300s", describe(got), describe(want), r.body)
	}
	var og, ow outcome
	if whoami {
		og, ow = judgeWhoAmI(r.status, got), judgeWhoAmI(r.status, want)
	} else {
		og, ow = judge(r, got), judge(r, want)
	}
	if machine.CodeOf(og.err) != machine.CodeOf(ow.err) || !reflect.DeepEqual(og.answer, ow.answer) || og.token != ow.token || og.newToken != ow.newToken {
		t.Fatalf("outcomes differ: %+v vs %+v", og, ow)
	}
}

// recordedAnswer is one of Ory's answers from testdata/kratos-answers.json
// (both Kratos versions, every case of the protocol sheets).
type recordedAnswer struct {
	Case, Step, Method, Path, Query string
	Status                          int
	Location                        string
	Body                            json.RawMessage
}

func loadRecordedAnswers(t testing.TB) map[string][]recordedAnswer {
	b, err := os.ReadFile(filepath.Join("testdata", "kratos-answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string][]recordedAnswer
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLeanDecoderAgreesWithClientGo(t *testing.T) {
	n := 0
	for version, answers := range loadRecordedAnswers(t) {
		for _, a := range answers {
			r := reply{status: a.Status, location: a.Location, body: a.Body, kind: machine.FlowAPI,
				creating: a.Method == "GET" && strings.HasPrefix(a.Path, "/self-service/login/") && a.Path != "/self-service/login/flows"}
			t.Run(version+"/"+a.Case+"/"+a.Step, func(t *testing.T) { sameAsOracle(t, a.Path == "/sessions/whoami", r) })
			n++
		}
	}
	for _, name := range []string{"api-happy", "browser-happy"} {
		xs := testkit.Transcript(t, testkit.V131, name)
		for i, x := range xs {
			r := reply{status: x.Response.Status, body: x.Response.Body, kind: machine.FlowBrowser}
			t.Run(name+"/"+x.Request.URL, func(t *testing.T) { sameAsOracle(t, strings.Contains(x.Request.URL, "/sessions/whoami"), r) })
			_ = i
			n++
		}
	}
	if n < 800 {
		t.Fatalf("only %d recorded answers", n)
	}
	t.Logf("%d recorded answers agree with client-go", n)
}

// FuzzLeanDecoder holds the lean decoder to client-go's on random answers,
// seeded with every recorded one.
func FuzzLeanDecoder(f *testing.F) {
	for _, answers := range loadRecordedAnswers(f) {
		for _, a := range answers {
			f.Add(a.Path == "/sessions/whoami", []byte(a.Body))
		}
	}
	for _, c := range probeCases {
		f.Add(false, []byte(c))
	}
	f.Fuzz(func(t *testing.T, whoami bool, body []byte) {
		sameProbe(t, body)
		sameAsOracle(t, whoami, reply{status: 400, body: body, kind: machine.FlowAPI})
	})
}

// describe shows a parsed answer with its flow, for a failure's text.
func describe(p parsed) string {
	if p.flow == nil {
		return fmt.Sprintf("%+v", p)
	}
	return fmt.Sprintf("%+v flow %+v", p, *p.flow)
}

// hasDuplicateKeys tells whether some object in b holds a key twice, as
// encoding/json matches keys (case-insensitively). JSON leaves the meaning
// of such a body open and Ory never sends one; the two decoders differ on
// them only in which of the two values wins, since client-go decodes each
// model afresh and picks a node's type by its exact key.
func hasDuplicateKeys(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	type level struct {
		object bool
		keys   []string
		key    bool // the next string token in an object is a key
	}
	var stack []*level
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &level{object: v == '{', key: v == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.object && top.key {
				for _, k := range top.keys {
					if strings.EqualFold(k, v) {
						return true
					}
				}
				top.keys = append(top.keys, v)
				top.key = false
				continue
			}
		}
		if top != nil && top.object {
			top.key = true
		}
	}
}

func TestHasDuplicateKeys(t *testing.T) {
	for body, want := range map[string]bool{
		`{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}`:            false,
		`{"a":1,"b":2,"A":3}`:                                  true,
		`{"ui":{"nodes":[{"attributes":{},"Attributes":{}}]}}`: true,
		`{"a":[1,"a",{"x":"a"}],"b":"a"}`:                      false,
		`{"a":{"b":1},"a":null}`:                               true,
		`not json`:                                             false,
	} {
		if got := hasDuplicateKeys([]byte(body)); got != want {
			t.Errorf("hasDuplicateKeys(%s) = %v, want %v", body, got, want)
		}
	}
}
