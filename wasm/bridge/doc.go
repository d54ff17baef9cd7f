//go:build js && wasm

// Package bridge builds orylogin's JS API, the OryLogin object, on top of
// the state machine: argument checks, one Promise per call, "change"
// events, and State/Session/error values shaped as the JS contract says.
// It does nothing else: the login logic is package machine's, Ory's wire
// format package ory's, the bytes package fetch's or package offline's.
//
// Every client method returns a Promise (or a rejected one: a method never
// throws). The work runs in a goroutine that starts only after the method
// has returned (a microtask later), so no JS callback ever blocks and no
// listener runs inside a method call; a panic there, or in the synchronous
// part, is recovered into an OryLoginError with code "internal" and the
// module keeps serving.
//
// Order of a successful call: the state is updated, the call stops being in
// flight, the "change" listeners run, then the Promise resolves. A call
// made while another one's Promise is unsettled rejects with "busy" (the
// check comes first, before argument checks and before the machine's
// invalid_transition check); a listener may start the next call.
//
// The loader (web/orylogin.js) hands in its glue: the OryLoginError class,
// sync/async wrappers that throw or reject on Go's behalf, and emit, which
// runs listeners and reports what they throw.
package bridge
