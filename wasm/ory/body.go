package ory

import "github.com/orylogin/orylogin/wasm/internal/jsonwire"

// bodyModel is a client-go request model: ToMap is what its MarshalJSON
// hands to json.Marshal.
type bodyModel interface {
	ToMap() (map[string]interface{}, error)
}

// encodeBody writes a request body (a client-go model, or a plain map) as
// json.Marshal writes it (body_test.go holds the two equal), with jsonwire,
// so that building bodies with client-go's models links no encoding/json.
func encodeBody(body any) ([]byte, error) {
	if m, ok := body.(bodyModel); ok {
		fields, err := m.ToMap()
		if err != nil {
			return nil, err
		}
		body = fields
	}
	return jsonwire.AppendAny(nil, body)
}
