package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// APIKey lets an integration act for an organisation. The token itself is
// never stored: only its SHA-256 digest, behind a unique index, so a lookup
// costs one index probe however many keys there are.
type APIKey struct {
	ent.Schema
}

func (APIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(text("Name", 100)),
		field.String("prefix").Immutable(),
		field.String("digest").Unique().Immutable().Sensitive(),
		field.Strings("scopes").Immutable(),
		field.Time("expires_at").Immutable(),
		field.Time("last_used_at").Optional().Nillable(),
		// The address and User-Agent of the use last_used_at records,
		// written with it (internal/lastused).
		field.String("last_used_ip").Optional().Nillable(),
		field.String("last_used_user_agent").Optional().Nillable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("revoked_at").Optional().Nillable(),
		// Why the key was revoked: null unless revoked_at is set. Keys
		// revoked before the reason was recorded were revoked by a person
		// (the migration that added it fills REVOKED).
		field.Enum("revocation_reason").Values("REVOKED", "ROTATED", "EXPOSED").Optional().Nillable(),
		// The admin who revoked the key; null for support, scanners and
		// rotation's end, and when that admin is removed.
		field.Int("revoked_by_id").Optional().Nillable(),
		// Null for keys issued by support.
		field.Int("created_by_id").Optional().Nillable().Immutable(),
		// The networks the key may be used from, as masked CIDRs (see
		// apikey.AllowedIPs); empty means any address. Read with the key
		// on every request, so kept on the row rather than in a table. The
		// column's own default fills the keys that existed before it.
		field.Strings("allowed_ips").Default([]string{}).
			Annotations(entsql.Default("[]")),
		// The key that replaced this one by rotation; null otherwise. A
		// key is rotated at most once, so it is unique.
		field.Int("replaced_by_id").Optional().Nillable(),
	}
}

func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("created_by", User.Type).Field("created_by_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("revoked_by", User.Type).Field("revoked_by_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		// Rotation: the new key replaces the old one, whose row holds the
		// link (replaced_by_id), set in the rotation's transaction.
		edge.To("replaces", APIKey.Type).Unique().
			From("replaced_by").Unique().Field("replaced_by_id"),
		// The key's usage days (api_key_usages holds the link), so that a
		// page of keys loads their usage in one query (graph/collect.go).
		edge.From("usage", APIKeyUsage.Type).Ref("api_key"),
	}
}

func (APIKey) Indexes() []ent.Index {
	// Listing pages newest first within an organisation.
	return []ent.Index{index.Fields("organization_id", "id")}
}
