//go:build js && wasm

// Command orylogin is the WebAssembly program behind web/orylogin.js: it
// builds the OryLogin API object, hands it to the loader and then waits,
// serving calls, for the life of the page.
//
// The loader puts {glue, ready} at globalThis.__oryloginBoot before it runs
// the program; the program calls ready(OryLogin).
package main

import (
	"errors"
	"syscall"

	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/internal/jsx"
	"github.com/orylogin/orylogin/wasm/widget"
)

// bootKey is where the loader leaves the glue and the ready callback.
const bootKey = "__oryloginBoot"

// version is set by build.sh with -ldflags "-X main.version=…" (a
// release, or "devel+" and the commit). It is not read from the build's VCS
// stamp: runtime/debug would add 9 KB brotli to every page. main writes
// and exits through syscall, not os: nothing else in the module imports
// os, whose initialiser alone keeps about 18 KB brotli.
var version = "devel"

func main() {
	if err := run(); err != nil {
		syscall.Write(2, []byte("orylogin: "+err.Error()+"\n"))
		syscall.Exit(2)
	}
	select {}
}

func run() error {
	boot, err := jsx.Global().Get(bootKey)
	if err != nil || boot.Type() != jsx.TypeObject {
		return errors.New("load orylogin.wasm with orylogin.js (no " + bootKey + ")")
	}
	glue, err := boot.Get("glue")
	if err != nil {
		return err
	}
	ready, err := boot.Get("ready")
	if err != nil {
		return err
	}
	api, err := bridge.New(glue, version, append([]bridge.Extension{widget.Install}, withOffline...)...)
	if err != nil {
		return err
	}
	_, err = ready.Invoke(api)
	return err
}
