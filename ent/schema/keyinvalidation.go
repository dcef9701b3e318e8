package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// KeyInvalidation is a single row (id 1) whose seq counts the changes that
// affect how an API key verifies: a revocation, a rotation, a change of
// allowed addresses or of an organisation's plan. Each such change
// increments it in its own transaction (internal/keycache), so the row's
// lock orders the changes and seq is their commit order; every replica
// that keeps keys in memory records the last seq it applied (Replica's
// applied_seq). It belongs to no organisation.
type KeyInvalidation struct {
	ent.Schema
}

func (KeyInvalidation) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Default(0),
	}
}
