// Package machine is orylogin's login state machine: password (AAL1), then a
// one-time code sent by email (AAL2), for Ory's browser and API flow kinds.
//
// It is plain Go on purpose: no syscall/js, no net/http, no client-go. Ory is
// reached through the Ory interface (implemented by package ory's adapter,
// fed by a real network, the offline Ory or a recorded transcript) and time
// through an injected clock, so every transition is testable on the host.
//
// A Machine runs one step at a time. Each step checks the call (busy, then
// invalid_transition, then arguments), asks Ory, and either moves to a new
// State or returns an *Error with the State unchanged.
package machine
