//go:build js && wasm

package bridge

import (
	"errors"

	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// jsError returns err as a JS OryLoginError. Its message is the text of a
// *machine.Error, which never holds user input or Ory's bodies; any other
// error is "internal" with a fixed text, since its text is not vetted.
func (b *Bridge) jsError(err error) jsx.Value {
	var e *machine.Error
	if !errors.As(err, &e) {
		e = internalError()
	}
	details, derr := b.fromJSON(contract.ErrorDetailsOf(e))
	if derr == nil {
		if v, err := b.errorClass.New(e.Error(), details); err == nil {
			return v
		}
	}
	if v, err := jsx.Construct("Error", e.Error()); err == nil {
		return v
	}
	return jsx.Undefined()
}
