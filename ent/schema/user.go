package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// User is a team member of one organisation, or an ImportOps support
// member (staff), who belongs to none and never signs in here.
type User struct {
	ent.Schema
}

func (User) Fields() []ent.Field {
	return []ent.Field{
		// Emails are stored lower-cased (see internal/account), so the
		// unique index is case-insensitive in effect on every database.
		field.String("email").Unique().NotEmpty().MaxLen(254),
		field.String("name").Validate(text("Name", 100)),
		field.Enum("role").Values("ADMIN", "MEMBER").Optional().Nillable(),
		field.Bool("staff").Default(false).Immutable(),
		// Empty for staff, who have no password here.
		field.String("password_hash").Sensitive().Default(""),
		field.Int("organization_id").Optional().Nillable().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organization", Organization.Type).Field("organization_id").Unique().Immutable(),
		edge.To("sessions", Session.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}
