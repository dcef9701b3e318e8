package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEntry records who did what to an organisation's keys. It is written
// in the same transaction as the change it records, and never updated.
type AuditEntry struct {
	ent.Schema
}

func (AuditEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("action").Immutable(),
		// A copy of the actor's name, so the entry still says who it was
		// after the user is removed.
		field.String("actor_name").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.Int("api_key_id").Optional().Nillable().Immutable(),
		// What the action alone does not say, for people: where an
		// exposed token was found, as its reporter said. Null when there
		// is nothing more to say.
		field.String("detail").Optional().Nillable().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (AuditEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("actor", User.Type).Field("actor_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("api_key", APIKey.Type).Field("api_key_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{
		// The log's pages, newest first.
		index.Fields("organization_id", "id"),
		// The same, filtered by action or by key (auditLog's filter), and
		// the filtered totalCount, which counts within these.
		index.Fields("organization_id", "action", "id"),
		index.Fields("organization_id", "api_key_id", "id"),
	}
}
