//go:build js && wasm && !orylogin_offline

package main

import "github.com/orylogin/orylogin/wasm/bridge"

// withOffline is empty in orylogin.wasm, the build pages that talk to a
// real Ory download: it links none of the offline Ory's code (see
// offline_on.go for the other build).
var withOffline []bridge.Extension
