//go:build js && wasm

package bridge

import (
	"encoding/json"

	"github.com/hack-pad/safejs"
)

// fromJSON returns v as a JS value, by way of JSON.parse: the contract's
// shapes
// (nulls, optional fields, arbitrary traits) come out exactly.
func (b *Bridge) fromJSON(v any) (safejs.Value, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return safejs.Undefined(), err
	}
	return b.json.Call("parse", string(data))
}
