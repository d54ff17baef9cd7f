//go:build !js

// Package kratoslocal builds, starts and stops a real Ory Kratos v1.3.1 on
// loopback ports, for host tests and the dev server.
//
// The binary is built once from the Go module proxy into the user cache
// ($XDG_CACHE_HOME/orylogin/kratos-v1.3.1/kratos), under a file lock and by
// atomic rename. Each Server runs `kratos serve --dev` in its own process
// group, with SQLite in a work dir, password (AAL1) plus email code (AAL2)
// enabled, and no courier worker: mails stay queued and are read through
// the admin API (Mails, WaitCode).
//
// Host only: it is never part of the wasm build.
package kratoslocal
