// Package contract is the one Go description of orylogin's JS contract:
// the shapes of State, Message, Session, Identity and an OryLoginError's
// details as JS sees them, and the names the JS side spells (steps, error
// codes, methods, the client's functions, events). The bridge builds its JS
// values from these types and the widget reads them, so neither re-declares
// the contract; a host test holds web/orylogin.d.ts to the same names.
//
// It is plain Go (no syscall/js) so that host tests can read it.
package contract
