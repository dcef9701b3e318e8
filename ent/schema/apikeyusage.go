package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// APIKeyUsage counts one key's requests on one UTC day: those it was served
// and those refused for it. Servers count in memory and add their counts
// with an upsert when they flush (internal/usage), so replicas flushing the
// same key and day add up rather than overwrite each other. Rows older than
// 90 days are deleted.
type APIKeyUsage struct {
	ent.Schema
}

func (APIKeyUsage) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (APIKeyUsage) Fields() []ent.Field {
	return []ent.Field{
		field.Int("api_key_id").Immutable(),
		// YYYY-MM-DD, UTC: sorts and compares as text on both databases.
		field.String("day").Immutable().MaxLen(10),
		field.Int64("requests").Default(0),
		field.Int64("refused").Default(0),
	}
}

func (APIKeyUsage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("api_key", APIKey.Type).Field("api_key_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

func (APIKeyUsage) Indexes() []ent.Index {
	// The upsert's conflict target, and a key's days in order. Pruning
	// scans by day, once an hour at most.
	return []ent.Index{index.Fields("api_key_id", "day").Unique(), index.Fields("day")}
}
