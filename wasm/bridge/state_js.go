//go:build js && wasm

package bridge

import (
	"encoding/json"

	"github.com/hack-pad/safejs"
)

// fromJSON returns v (a contract shape) as a JS value, by way of
// JSON.parse: nulls, optional fields and arbitrary traits come out exactly.
func (b *Bridge) fromJSON(v any) (safejs.Value, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return safejs.Undefined(), err
	}
	return b.json.Call("parse", string(data))
}
