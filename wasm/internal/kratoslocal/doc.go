//go:build !js

// Package kratoslocal builds, starts and stops a real Ory Kratos on loopback
// ports, for host tests, the dev server and kratosdev.
//
// Which Kratos: the binary $KRATOS_BIN names (BinaryEnv; e.g. a v26.2.0
// build), or else v1.3.1, built once from the Go module proxy into the user
// cache ($XDG_CACHE_HOME/orylogin/kratos-v1.3.1/kratos), under a file lock
// and by atomic rename. The binary is asked its release (`kratos version`);
// the config names it and Server.Version reports it, and the config's keys
// load on both v1.3.1 and v26.2.0. Each Server runs `kratos serve --dev` in its own process
// group, with SQLite in a work dir, password (AAL1) plus email code (AAL2)
// enabled, and, from the first read of SMS texts, its courier worker
// (`kratos courier watch`, in the same process group) delivering over HTTP to
// a sink, a small HTTP server on loopback that the Server starts and stops
// with Kratos: SMS texts arrive there through the courier channel "sms",
// as at an SMS gateway, and are read from it; e-mails are answered and
// dropped by the sink and read through the admin API, where Kratos keeps
// them (Mails, WaitCode read both).
//
// Host only: it is never part of the wasm build.
package kratoslocal
