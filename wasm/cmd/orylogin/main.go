//go:build js && wasm

// Command orylogin is the WebAssembly program behind web/orylogin.js: it
// builds the OryLogin API object, hands it to the loader and then waits,
// serving calls, for the life of the page.
//
// The loader puts {glue, ready} at globalThis.__oryloginBoot before it runs
// the program; the program calls ready(OryLogin).
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/hack-pad/safejs"

	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/widget"
)

// bootKey is where the loader leaves the glue and the ready callback.
const bootKey = "__oryloginBoot"

// version is set with -ldflags "-X main.version=…"; otherwise it comes
// from the build's VCS stamp.
var version = ""

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "orylogin:", err)
		os.Exit(2)
	}
	select {}
}

func run() error {
	boot, err := safejs.Global().Get(bootKey)
	if err != nil || boot.Type() != safejs.TypeObject {
		return fmt.Errorf("load orylogin.wasm with orylogin.js (no %s)", bootKey)
	}
	glue, err := boot.Get("glue")
	if err != nil {
		return err
	}
	ready, err := boot.Get("ready")
	if err != nil {
		return err
	}
	api, err := bridge.New(glue, buildVersion(), append([]bridge.Extension{widget.Install}, withOffline...)...)
	if err != nil {
		return err
	}
	_, err = ready.Invoke(api)
	return err
}

// buildVersion is version, or "devel" plus the VCS revision the build was
// stamped with ("+dirty" for uncommitted changes).
func buildVersion() string {
	if version != "" {
		return version
	}
	v := "devel"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += "+" + rev + dirty
	}
	return v
}
