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
	created             time.Time
	verifiableID        string
	recoveryID          string
	verified            bool
	verifiedAt          time.Time
	addressUpdated      time.Time
}

func newIdentity(id Identity, now time.Time) *identity {
	return &identity{
		id:             newUUID(),
		email:          strings.ToLower(strings.TrimSpace(id.Email)),
		password:       id.Password,
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
		{"traits", obj{{"email", i.email}}},
		{"verifiable_addresses", []obj{va}},
		{"recovery_addresses", []obj{{{"id", i.recoveryID}, {"value", i.email}, {"via", "email"}, {"created_at", i.created}, {"updated_at", i.created}}}},
		{"metadata_public", nil},
		{"created_at", i.created},
		{"updated_at", i.created},
		{"organization_id", nil},
	}
}
