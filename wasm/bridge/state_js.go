//go:build js && wasm

package bridge

import (
	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
)

// fromJSON returns v (a contract shape, or a value jsonwire.AppendAny
// writes) as a JS value, by way of JSON.parse: nulls, optional fields and
// arbitrary traits come out exactly.
func (b *Bridge) fromJSON(v any) (safejs.Value, error) {
	data, err := jsonwire.AppendAny(nil, v)
	if err != nil {
		return safejs.Undefined(), err
	}
	return b.json.Call("parse", string(data))
}
