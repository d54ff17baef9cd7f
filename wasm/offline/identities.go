package offline

import (
	"crypto/subtle"
	"strings"
	"time"
)

// identity is one account with its password and code credentials, and the
// verifiable and recovery address Kratos derives from the email trait.
type identity struct {
	id, email, password string
	totpSecret          string        // "" = no authenticator app
	backupCodes         []*backupCode // nil = no lookup_secret credential
	phone               string        // "" = no SMS code address
	created             time.Time
	verifiableID        string
	recoveryID          string
	verified            bool
	verifiedAt          time.Time
	addressUpdated      time.Time
}

// backupCode is one lookup_secret code and whether it has been used.
type backupCode struct {
	code string
	used bool
}

func newIdentity(id Identity, now time.Time) *identity {
	var codes []*backupCode
	for _, c := range id.BackupCodes {
		codes = append(codes, &backupCode{code: c})
	}
	return &identity{
		id:             newUUID(),
		email:          strings.ToLower(strings.TrimSpace(id.Email)),
		password:       id.Password,
		totpSecret:     id.TOTPSecret,
		backupCodes:    codes,
		phone:          strings.TrimSpace(id.Phone),
		created:        now,
		verifiableID:   newUUID(),
		recoveryID:     newUUID(),
		addressUpdated: now,
	}
}

// byEmail finds the identity whose email is identifier (case-insensitive,
// as Kratos normalises identifiers), or nil.
func (o *Ory) byEmail(identifier string) *identity {
	identifier = strings.ToLower(strings.TrimSpace(identifier))
	for _, i := range o.identities {
		if i.email == identifier {
			return i
		}
	}
	return nil
}

// byCodeAddress finds the identity one of whose code addresses (email or
// phone) is address, or nil.
func (o *Ory) byCodeAddress(address string) *identity {
	if i := o.byEmail(address); i != nil {
		return i
	}
	address = strings.TrimSpace(address)
	for _, i := range o.identities {
		if i.phone != "" && i.phone == address {
			return i
		}
	}
	return nil
}

// codeAddresses are the identity's code addresses, as Kratos lists them.
func (i *identity) codeAddresses() []string {
	if i.phone == "" {
		return []string{i.email}
	}
	return []string{i.email, i.phone}
}

// hasOtherFactor reports whether the identity has a second factor beside
// the code: then v26 does not send a code when an aal2 flow is created.
func (i *identity) hasOtherFactor() bool { return i.totpSecret != "" || i.backupCodes != nil }

// checkPassword compares in constant time.
func (i *identity) checkPassword(p string) bool {
	return subtle.ConstantTimeCompare([]byte(i.password), []byte(p)) == 1
}

// schemaURL is where Kratos serves the identity's schema ("default").
func schemaURL(base string) string { return base + "/schemas/ZGVmYXVsdA" }

// json renders the identity as the session's "identity" object.
func (i *identity) json(base string) obj {
	status := "pending"
	va := obj{{"id", i.verifiableID}, {"value", i.email}, {"verified", i.verified}, {"via", "email"}, {"status", status}}
	if i.verified {
		va[4] = field{"status", "completed"}
		if !i.verifiedAt.IsZero() {
			va = append(va, field{"verified_at", i.verifiedAt})
		}
	}
	va = append(va, field{"created_at", i.created}, field{"updated_at", i.addressUpdated})
	return obj{
		{"id", i.id},
		{"schema_id", "default"},
		{"schema_url", schemaURL(base)},
		{"state", "active"},
		{"state_changed_at", i.created},
		{"traits", i.traits()},
		{"verifiable_addresses", []obj{va}},
		{"recovery_addresses", []obj{{{"id", i.recoveryID}, {"value", i.email}, {"via", "email"}, {"created_at", i.created}, {"updated_at", i.created}}}},
		{"metadata_public", nil},
		{"created_at", i.created},
		{"updated_at", i.created},
		{"organization_id", nil},
	}
}

// traits is the identity's traits object.
func (i *identity) traits() obj {
	t := obj{{"email", i.email}}
	if i.phone != "" {
		t = append(t, field{"phone", i.phone})
	}
	return t
}

// phoneTrait reports whether the Ory's identity schema has the phone trait
// (a code address by SMS): it has when any identity has a phone, as a
// Kratos configured for SMS codes would.
func (o *Ory) phoneTrait() bool {
	for _, i := range o.identities {
		if i.phone != "" {
			return true
		}
	}
	return false
}

// byID finds the identity with this id, or nil.
func (o *Ory) byID(id string) *identity {
	for _, i := range o.identities {
		if i.id == id {
			return i
		}
	}
	return nil
}
