package contract

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/orylogin/orylogin/wasm/machine"
)

// sameJSON fails t when v's AppendJSON writes otherwise than json.Marshal.
func sameJSON(t *testing.T, v interface {
	AppendJSON([]byte) ([]byte, error)
}) {
	t.Helper()
	want, werr := json.Marshal(v)
	got, err := v.AppendJSON(nil)
	if (err != nil) != (werr != nil) || (err == nil && string(got) != string(want)) {
		t.Fatalf("AppendJSON = %s, %v\njson.Marshal %s, %v", got, err, want, werr)
	}
}

// stateOf builds a State from random parts: a context and traits from a
// JSON text, strings for every other field.
func stateOf(s string, ctx []byte, n int) State {
	var c, traits map[string]any
	json.Unmarshal(ctx, &c)
	json.Unmarshal(ctx, &traits)
	m := machine.State{Step: machine.Step(s), FlowKind: machine.FlowKind(s), FlowID: s, Identifier: s,
		Addresses: []string{s, "a@b.c"}, Methods: []machine.Method{machine.Method(s)},
		Messages: []machine.Message{{ID: n, Type: s, Text: s, Field: s, Context: c}, {ID: -n}}}
	if n%2 == 0 {
		m.RequestedAAL, m.AAL = machine.AAL2, machine.AAL(s)
		m.Session = &machine.Session{ID: s, Active: n%4 == 0, AAL: machine.AAL1, Methods: []string{s},
			ExpiresAt: time.Unix(int64(n), 0), Identity: &machine.Identity{ID: s, Traits: traits}}
	}
	return FromMachine(m)
}

func TestAppendJSONMatchesMarshal(t *testing.T) {
	sameJSON(t, State{})
	sameJSON(t, stateOf("<x>\u2028", []byte(`{"a":[1,null,{"b":"c"}],"n":1e21}`), 2))
	sameJSON(t, stateOf("", []byte(`{}`), 3))
	sameJSON(t, (*Session)(nil))
	sameJSON(t, &Session{})
	sameJSON(t, (*Identity)(nil))
	sameJSON(t, &Identity{ID: "i"})
	sameJSON(t, Message{})
	sameJSON(t, Message{ID: 1, Field: "f", Context: map[string]any{"x": 1.5}})
	sameJSON(t, ErrorDetails{})
	sameJSON(t, ErrorDetails{Code: machine.CodeBadResponse, Status: 502, RetryAfter: 3,
		Messages: []Message{{ID: 4000006, Text: "t", Context: map[string]any{"reason": "r"}}}})
}

// FuzzStateAppendJSONMatchesMarshal holds State's AppendJSON (and so its
// messages', session's and identity's) to json.Marshal on random States.
func FuzzStateAppendJSONMatchesMarshal(f *testing.F) {
	f.Add("code_sent", []byte(`{"address":"a@b.c"}`), 2)
	f.Add("\xff<&>", []byte(`{"a":{"b":[true,false,null,"\u2029"]}}`), 5)
	f.Fuzz(func(t *testing.T, s string, ctx []byte, n int) {
		st := stateOf(s, ctx, n)
		sameJSON(t, st)
		sameJSON(t, ErrorDetails{Code: machine.Code(s), Status: n, Messages: st.Messages, RetryAfter: -n})
	})
}
