package schema

import (
	"regexp"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Organization is an ImportOps customer.
type Organization struct {
	ent.Schema
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Immutable().Match(slugPattern),
		field.String("name").Validate(text("Name", 100)),
		// The plan decides API access; it is read on every request made with
		// a key, so a change binds the very next request.
		field.Enum("plan").Values("CORE", "PRO"),
		// How many audit entries the organisation has: audit.Record adds
		// one in the transaction that writes each entry, and entries are
		// never deleted, so it stays exact. It makes the audit log's
		// totalCount a primary-key read instead of a count of every entry.
		field.Int("audit_entry_count").Default(0).NonNegative(),
		// The longest lifetime, in days, of a key issued for the
		// organisation (1 to 730, see apikey.SetKeyPolicy); null means
		// only the two-year limit of every key.
		field.Int("max_key_lifetime_days").Optional().Nillable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}
