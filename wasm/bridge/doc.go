//go:build js && wasm

// Package bridge builds orylogin's JS API, the OryLogin object, on top of
// the state machine: argument checks, one Promise per call, "change"
// events, and State/Session/error values shaped as the JS contract says.
// It does nothing else: the login logic is package machine's, Ory's wire
// format package ory's, the bytes package fetch's or package offline's.
//
// Every client method returns a Promise (or a rejected one: a method never
// throws), made by the glue under the call's id and settled from Go. The
// work runs in a goroutine that starts inside the method call and parks
// while its request is under way, so no JS callback ever blocks; no
// listener runs inside a method call (work that never gave JS control back
// yields a microtask first). A panic there, or in the synchronous part, is
// recovered into an OryLoginError with code "internal" and the module
// keeps serving.
//
// Order of a successful call: the state is updated, the call stops being in
// flight, the "change" listeners run, then the Promise resolves. A call
// made while another one's Promise is unsettled rejects with "busy" (the
// check comes first, before argument checks and before the machine's
// invalid_transition check); a listener may start the next call.
//
// The loader (web/orylogin.js) hands in its glue: the OryLoginError class,
// sync/async wrappers that throw or reject on Go's behalf, resolve/reject
// for the calls' Promises, and emit, which runs listeners and reports what
// they throw.
package bridge
