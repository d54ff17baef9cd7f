//go:build js && wasm && orylogin_offline

package main

import (
	"github.com/orylogin/orylogin/wasm/bridge"
	"github.com/orylogin/orylogin/wasm/offline"
)

// withOffline is built into orylogin-offline.wasm (build tag
// orylogin_offline): the offline Ory behind OryLogin.offline and
// newClient({ offline: true }), for demos and tests without a real Ory.
var withOffline = []bridge.Extension{
	bridge.Offline(func() bridge.OfflineOry { return offline.New(offline.Options{}) }),
}
