package offline

import (
	"sort"
)

// node is one UI input node of a login flow, rendered exactly as Kratos
// does: value omitted where Kratos omits it, required only when true.
type node struct {
	group        string
	name         string
	inputType    string
	value        *string // nil: no "value" key
	required     bool
	autocomplete string
	messages     []message
	label        *message
}

// MarshalJSON renders the node with Kratos's keys in Kratos's order.
func (n *node) MarshalJSON() ([]byte, error) {
	attrs := obj{{"name", n.name}, {"type", n.inputType}}
	if n.value != nil {
		attrs = append(attrs, field{"value", *n.value})
	}
	if n.required {
		attrs = append(attrs, field{"required", true})
	}
	if n.autocomplete != "" {
		attrs = append(attrs, field{"autocomplete", n.autocomplete})
	}
	attrs = append(attrs, field{"disabled", false}, field{"node_type", "input"})
	msgs := n.messages
	if msgs == nil {
		msgs = []message{}
	}
	meta := obj{}
	if n.label != nil {
		meta = obj{{"label", *n.label}}
	}
	return marshal(obj{{"type", "input"}, {"group", n.group}, {"attributes", attrs}, {"messages", msgs}, {"meta", meta}})
}

func str(s string) *string { return &s }

func withLabel(n *node, l message) *node { n.label = &l; return n }

// Nodes of the AAL1 (password) form.
func csrfNode(value string) *node {
	return &node{group: "default", name: "csrf_token", inputType: "hidden", value: str(value), required: true}
}

func (o *Ory) identifierNode() *node {
	return withLabel(&node{group: "default", name: "identifier", inputType: "text", value: str(""), required: true}, o.labelEmail())
}

// Nodes of the identifier-first style's first step; v26 added the
// autocomplete hint.
func (o *Ory) identifierFirstNode() *node {
	n := withLabel(&node{group: "identifier_first", name: "identifier", inputType: "text", value: str(""), required: true}, o.labelEmail())
	if o.v26() {
		n.autocomplete = "username webauthn"
	}
	return n
}

func identifierFirstSubmitNode() *node {
	return withLabel(&node{group: "identifier_first", name: "method", inputType: "submit", value: str("identifier_first")}, labelContinue())
}

func passwordNode() *node {
	return withLabel(&node{group: "password", name: "password", inputType: "password", required: true, autocomplete: "current-password"}, labelPassword())
}

func passwordSubmitNode(l message) *node {
	return withLabel(&node{group: "password", name: "method", inputType: "submit", value: str("password")}, l)
}

// Nodes of the AAL2 (code) form.
func codeAddressNode(address string) *node {
	return withLabel(&node{group: "code", name: "address", inputType: "submit", value: str(address)}, labelSendCode(address))
}

// Nodes of the AAL2 totp and lookup_secret methods (Kratos's
// PopulateLoginMethod of each).
func totpNodes() []*node {
	return []*node{
		withLabel(&node{group: "totp", name: "totp_code", inputType: "text", value: str(""), required: true}, labelTOTPCode()),
		withLabel(&node{group: "totp", name: "method", inputType: "submit", value: str("totp")}, labelUseTOTP()),
	}
}

func lookupNodes() []*node {
	return []*node{
		withLabel(&node{group: "lookup_secret", name: "lookup_secret", inputType: "text", value: str(""), required: true}, labelLookupSecret()),
		withLabel(&node{group: "lookup_secret", name: "method", inputType: "submit", value: str("lookup_secret")}, labelUseLookupSecret()),
	}
}

// aal2Nodes is the aal2 form of i in state choose_method: a code address
// button per address, then the totp and lookup_secret forms where i has
// them (each sets the csrf_token node, on API flows too).
func aal2Nodes(i *identity, csrfValue string, browser, code bool) []*node {
	var nodes []*node
	for _, a := range i.codeAddresses() {
		if code {
			nodes = append(nodes, codeAddressNode(a))
		}
	}
	if browser || i.hasOtherFactor() {
		nodes = setCSRF(nodes, csrfValue)
	}
	if i.totpSecret != "" {
		nodes = append(nodes, totpNodes()...)
	}
	if i.backupCodes != nil {
		nodes = append(nodes, lookupNodes()...)
	}
	return nodes
}

func codeSentNodes(address string) []*node {
	return []*node{
		withLabel(&node{group: "code", name: "identifier", inputType: "hidden", value: str(address)}, labelSendCode(address)),
		{group: "code", name: "method", inputType: "hidden", value: str("code")},
		withLabel(&node{group: "code", name: "code", inputType: "text", required: true}, labelLoginCode()),
		withLabel(&node{group: "code", name: "method", inputType: "submit", value: str("code")}, labelContinue()),
		withLabel(&node{group: "code", name: "resend", inputType: "submit", value: str("code")}, labelResendCode()),
	}
}

// find returns the first node named name, or nil.
func find(nodes []*node, name string) *node {
	for _, n := range nodes {
		if n.name == name {
			return n
		}
	}
	return nil
}

// upsert replaces the first node with n's name in place, or appends n.
func upsert(nodes []*node, n *node) []*node {
	for i, m := range nodes {
		if m.name == n.name {
			nodes[i] = n
			return nodes
		}
	}
	return append(nodes, n)
}

// setCSRF sets the csrf_token node's value, adding the node (at the end,
// as Kratos's UI container does) when it is missing.
func setCSRF(nodes []*node, value string) []*node {
	if n := find(nodes, "csrf_token"); n != nil {
		n.value = str(value)
		return nodes
	}
	return append(nodes, csrfNode(value))
}

// groupOrder and keyOrder are the login flow's node order (Kratos's
// login.sortNodes).
var groupOrder = []string{"oidc", "default", "webauthn", "passkey", "code", "password", "totp", "lookup_secret"}

var keyOrder = []string{"csrf_token", "identifier", "password"}

// sortNodes orders nodes by group, then within a group csrf_token,
// identifier, password, the rest, and method last; ties by value text.
func sortNodes(nodes []*node) {
	groupIndex := func(g string) int {
		for i, x := range groupOrder {
			if x == g {
				return i
			}
		}
		return -1
	}
	keyPos := func(n *node) int {
		if n.name == "method" {
			return len(nodes) + len(keyOrder) + 1
		}
		for i, k := range keyOrder {
			if len(n.name) >= len(k) && n.name[:len(k)] == k {
				return i
			}
		}
		return len(keyOrder)
	}
	valueText := func(n *node) string {
		if n.value == nil {
			return "<nil>"
		}
		return *n.value
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		if ga, gb := groupIndex(a.group), groupIndex(b.group); ga != gb {
			return ga < gb
		}
		if pa, pb := keyPos(a), keyPos(b); pa != pb {
			return pa < pb
		}
		return valueText(a) < valueText(b)
	})
}

// clearMessages removes every message from the nodes.
func clearMessages(nodes []*node) {
	for _, n := range nodes {
		n.messages = nil
	}
}
