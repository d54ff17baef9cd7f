package contract

import (
	"encoding/json"
	"reflect"
	"testing"
)

// sameMessage fails t when DecodeMessage and json.Unmarshal, into the
// fields formatMessage reads, disagree on b.
func sameMessage(t *testing.T, b []byte) {
	t.Helper()
	var want struct {
		ID      int            `json:"id"`
		Type    string         `json:"type"`
		Text    string         `json:"text"`
		Context map[string]any `json:"context"`
	}
	werr := json.Unmarshal(b, &want)
	got, ok := DecodeMessage(b)
	if ok != (werr == nil) {
		t.Fatalf("DecodeMessage(%q) ok %v, json.Unmarshal's error %v", b, ok, werr)
	}
	if ok && !reflect.DeepEqual(got, Message{ID: want.ID, Type: want.Type, Text: want.Text, Context: want.Context}) {
		t.Fatalf("DecodeMessage(%q) = %+v, json.Unmarshal %+v", b, got, want)
	}
}

var messageCases = []string{
	`{"id":4000006,"type":"error","text":"The provided credentials are invalid.","context":{}}`,
	`{"id":1010014,"type":"info","text":"x","context":{"address":"a@b.c","n":2,"l":[1,"x",null]},"field":"code"}`,
	`{"ID":1,"Text":"a","TYPE":"b","context":null}`, `{"id":1.5}`, `{"id":"1"}`, `{"id":1e3}`, `{"context":[]}`,
	`{"context":{"a":1},"context":{"b":2}}`, `null`, `[]`, `"m"`, `{`, `{"text":null,"text":"t"}`, `{"id":-9223372036854775808}`,
}

func TestDecodeMessageAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range messageCases {
		sameMessage(t, []byte(c))
	}
}

// FuzzDecodeMessage holds DecodeMessage to encoding/json on random texts.
func FuzzDecodeMessage(f *testing.F) {
	for _, c := range messageCases {
		f.Add([]byte(c))
	}
	f.Fuzz(sameMessage)
}
