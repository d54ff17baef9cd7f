//go:build js && wasm

package bridge

import (
	"github.com/orylogin/orylogin/wasm/contract"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/machine"
)

// listener is one on("change", fn).
type listener struct {
	id int
	fn jsx.Value
}

// on implements client.on("change", fn): it returns the unsubscribe
// function, the exported one bound to (handle, listener id), so that it
// costs no callback of its own and may be called any number of times.
func (b *Bridge) on(_ jsx.Value, args []jsx.Value) (any, error) {
	c, handle, args, err := b.clientOf(args)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 || args[0].Type() != jsx.TypeString {
		return nil, invalid(`event must be "change"`)
	}
	if ev, err := args[0].String(); err != nil || ev != contract.EventChange {
		return nil, invalid(`event must be "change"`)
	}
	if len(args) < 2 || args[1].Type() != jsx.TypeFunction {
		return nil, invalid("listener must be a function")
	}
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.listeners = append(c.listeners, listener{id: id, fn: args[1]})
	c.mu.Unlock()
	return b.unsubscribe.Call("bind", jsx.Undefined(), handle, id)
}

// off is the unsubscribe function: args are (handle, listener id). An
// unknown listener or a forgotten client is not an error.
func (b *Bridge) off(_ jsx.Value, args []jsx.Value) (any, error) {
	c, _, args, err := b.clientOf(args)
	if err != nil || len(args) == 0 || args[0].Type() != jsx.TypeNumber {
		return nil, nil
	}
	id, err := args[0].Int()
	if err != nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, l := range c.listeners {
		if l.id == id {
			c.listeners = append(c.listeners[:i:i], c.listeners[i+1:]...)
			break
		}
	}
	return nil, nil
}

// goListener is one Client.OnChange(fn).
type goListener struct {
	id int
	fn func(contract.State, jsx.Value)
}

// emit calls c's listeners with s: the Go ones (the element) with the
// contract State and its JS value, then the JS ones through the glue,
// which reports what a listener throws. No lock is held while they run: a
// listener may call the client.
func (b *Bridge) emit(c *client, s machine.State) {
	c.mu.Lock()
	fns := make([]any, 0, len(c.listeners))
	for _, l := range c.listeners {
		fns = append(fns, l.fn)
	}
	gos := append([]goListener(nil), c.goFns...)
	c.mu.Unlock()
	if len(fns) == 0 && len(gos) == 0 {
		return
	}
	st := contract.FromMachine(s)
	v, err := b.fromJSON(st)
	if err != nil {
		return
	}
	for _, l := range gos {
		l.fn(st, v)
	}
	if len(fns) > 0 {
		b.glue.Call("emit", fns, v)
	}
}
