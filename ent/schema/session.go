package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is a signed-in team member. The cookie holds a random secret; only
// its SHA-256 digest is stored, so a database dump signs nobody in.
type Session struct {
	ent.Schema
}

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("digest").Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		// Refreshed at most once a minute, for the idle timeout.
		field.Time("last_seen_at").Default(now),
		// The absolute timeout: a session ends then however active it is.
		field.Time("expires_at").Immutable(),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}
