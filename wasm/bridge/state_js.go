//go:build js && wasm

package bridge

import (
	"github.com/orylogin/orylogin/wasm/internal/jsonwire"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// fromJSON returns v (a contract shape, or a value jsonwire.AppendAny
// writes) as a JS value, by way of JSON.parse: nulls, optional fields and
// arbitrary traits come out exactly.
func (b *Bridge) fromJSON(v any) (jsx.Value, error) {
	data, err := jsonwire.AppendAny(nil, v)
	if err != nil {
		return jsx.Undefined(), err
	}
	return b.json.Call("parse", string(data))
}
