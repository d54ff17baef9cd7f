package machine

import "slices"

// Method is a way the current flow lets the person go on, as Ory's UI
// nodes offer it. The strings are part of the JS contract (State.methods).
type Method string

// Methods of Ory's login that orylogin knows.
const (
	MethodPassword     Method = "password"      // aal1: identifier and password
	MethodCode         Method = "code"          // aal1: a login code to the identifier; aal2: a code to an address
	MethodPasskey      Method = "passkey"       // aal1: a passkey (WebAuthn, discoverable)
	MethodTOTP         Method = "totp"          // aal2: an authenticator app's code
	MethodLookupSecret Method = "lookup_secret" // aal2: a backup code
	MethodWebAuthn     Method = "webauthn"      // aal2: a security key
)

// Node is one of Ory's UI input nodes, as far as the machine reads it: the
// method group it belongs to, its name, its input type and its value when
// that is a string. The adapter passes every input node through; the
// table below decides what they mean.
type Node struct {
	Group string
	Name  string
	Type  string // the input's type: "text", "hidden", "submit", "password", …
	Value string
}

// methodRow is everything the machine knows of one method: at which level
// it serves, which nodes announce it, and whether it needs the platform's
// WebAuthn (navigator.credentials), without which it is never offered.
// Adding a method is adding a row here, its call in steps.go, its request
// body in the adapter, its form in the widget and its handler in the
// offline Ory.
type methodRow struct {
	method    Method
	aal       AAL // AAL1 or AAL2; "" serves both
	webauthn  bool
	announces func(n Node) bool
}

// methodTable lists the methods in the order State.methods shows them.
var methodTable = []methodRow{
	{MethodPassword, AAL1, false, func(n Node) bool { return n.Group == "password" && n.Name == "password" }},
	{MethodCode, "", false, func(n Node) bool {
		// aal2: an address button, or the code input once sent; aal1
		// (passwordless): the "send sign in code" button, or the input.
		return n.Group == "code" && (n.Name == "address" || n.Name == "code" ||
			(n.Name == "method" && n.Type == "submit" && n.Value == "code"))
	}},
	{MethodPasskey, AAL1, true, func(n Node) bool {
		return n.Group == "passkey" && (n.Name == "passkey_login_trigger" || n.Name == "passkey_challenge")
	}},
	{MethodTOTP, AAL2, false, func(n Node) bool { return n.Group == "totp" && n.Name == "totp_code" }},
	{MethodLookupSecret, AAL2, false, func(n Node) bool { return n.Group == "lookup_secret" && n.Name == "lookup_secret" }},
	{MethodWebAuthn, AAL2, true, func(n Node) bool { return n.Group == "webauthn" && n.Name == "webauthn_login_trigger" }},
}

// AllMethods lists every Method, for tests and the JS side's types.
var AllMethods = func() []Method {
	out := make([]Method, len(methodTable))
	for i, r := range methodTable {
		out[i] = r.method
	}
	return out
}()

// offeredMethods returns the methods that f's nodes announce at f's level,
// less those that need WebAuthn where the platform has none.
func offeredMethods(f *Flow, webauthn bool) []Method {
	out := []Method{}
	for _, r := range methodTable {
		if (r.aal != "" && r.aal != levelOf(f)) || (r.webauthn && !webauthn) {
			continue
		}
		if slices.ContainsFunc(f.Nodes, r.announces) {
			out = append(out, r.method)
		}
	}
	return out
}

// levelOf is the flow's requested level, AAL1 when Ory leaves it out.
func levelOf(f *Flow) AAL {
	if f.RequestedAAL == "" {
		return AAL1
	}
	return f.RequestedAAL
}

// asksIdentifier says whether f is the first screen of the identifier-first
// style: Ory's "identifier_first" submit button.
func asksIdentifier(f *Flow) bool {
	return slices.ContainsFunc(f.Nodes, func(n Node) bool {
		return n.Group == "identifier_first" && n.Name == "method"
	})
}

// heldIdentifier is the identifier Ory already holds for f: the value of a
// hidden "identifier" node (identifier-first's second screen, a refresh,
// the address an aal2 code went to), "" when there is none.
func heldIdentifier(f *Flow) string {
	for _, n := range f.Nodes {
		if n.Name == "identifier" && n.Type == "hidden" && n.Value != "" {
			return n.Value
		}
	}
	return ""
}

// addressButtons are the values of the code method's address buttons.
func addressButtons(f *Flow) []string {
	var out []string
	for _, n := range f.Nodes {
		if n.Group == "code" && n.Name == "address" && n.Value != "" {
			out = append(out, n.Value)
		}
	}
	return out
}

// sentTo is the address an aal2 flow in sent_email holds in its code
// group's hidden identifier: on a flow that sent the code when it was made
// (Kratos v26: one address, no other factor) the only word of where the
// code went, since there was never a button.
func sentTo(f *Flow) string {
	for _, n := range f.Nodes {
		if n.Group == "code" && n.Name == "identifier" && n.Value != "" {
			return n.Value
		}
	}
	return ""
}
