//go:build js && wasm

// Package jstest holds what the js/wasm tests under Node share: a JS
// function from source, telling and waiting for a Promise, and the glue of
// the real loader (web/orylogin.js), so that the bridge, the element and
// the fetch transport are tested against the JavaScript pages ship. Test only: Node
// has no CSP, and new Function is what a page's CSP forbids.
package jstest

import (
	"context"
	"sync"
	"time"

	"github.com/orylogin/orylogin/wasm/internal/jsx"
)

// Func returns new Function(params..., body).
func Func(body string, params ...string) (jsx.Value, error) {
	ctor, err := jsx.Global().Get("Function")
	if err != nil {
		return ctor, err
	}
	args := make([]any, 0, len(params)+1)
	for _, p := range params {
		args = append(args, p)
	}
	return ctor.New(append(args, body)...)
}

// IsPromise reports whether v is a Promise (an instance of the global
// Promise), as a step's return value must be.
func IsPromise(v jsx.Value) bool {
	promise, err := jsx.Global().Get("Promise")
	if err != nil {
		return false
	}
	ok, err := v.InstanceOf(promise)
	return err == nil && ok
}

// Await waits up to 20 s for the Promise p to settle and returns its value
// or its rejection reason (rejected true).
func Await(p jsx.Value) (v jsx.Value, rejected bool, err error) {
	type result struct {
		v        jsx.Value
		rejected bool
	}
	ch := make(chan result, 2)
	ok := jsx.FuncOf(func(_ jsx.Value, a []jsx.Value) any {
		ch <- result{v: a[0]}
		return nil
	})
	defer ok.Release()
	bad := jsx.FuncOf(func(_ jsx.Value, a []jsx.Value) any {
		ch <- result{v: a[0], rejected: true}
		return nil
	})
	defer bad.Release()
	if _, err := p.Call("then", ok, bad); err != nil {
		return v, false, err
	}
	select {
	case r := <-ch:
		return r.v, r.rejected, nil
	case <-time.After(20 * time.Second):
		return v, false, context.DeadlineExceeded
	}
}

// Glue is the real loader's glue (its _glue, with a Go program that never
// exits), imported once. The loader's source is found from the module root
// (the first folder above the test's with a go.mod) and imported as a data:
// URL: by its path, Node would warn that web/package.json does not say
// "type": "module".
var Glue = sync.OnceValues(func() (jsx.Value, error) {
	load, err := Func(`
const fs = require("fs"), path = require("path");
let root = process.cwd();
while (!fs.existsSync(path.join(root, "go.mod"))) {
  if (path.dirname(root) === root) throw new Error("no go.mod above " + process.cwd());
  root = path.dirname(root);
}
const src = fs.readFileSync(path.join(root, "web", "orylogin.js"));
return import("data:text/javascript;base64," + src.toString("base64")).then((mod) => mod._glue(new Promise(() => {})));`)
	if err != nil {
		return load, err
	}
	p, err := load.Invoke()
	if err != nil {
		return p, err
	}
	v, rejected, err := Await(p)
	if err == nil && rejected {
		err = errImport{reason: v}
	}
	return v, err
})

// errImport is the import's rejection.
type errImport struct{ reason jsx.Value }

func (e errImport) Error() string {
	s, err := e.reason.Call("toString")
	if err != nil {
		return "import web/orylogin.js failed"
	}
	text, _ := s.String()
	return "import web/orylogin.js: " + text
}
