package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ExpiryNotice records that a key's expiry warning (or its "expired"
// notice) was sent, in the transaction that queued the event. Its unique
// index is what makes each notice go out once, however many replicas scan
// and however often they restart (internal/expiry). Only the scanner reads
// it, with a system context.
type ExpiryNotice struct {
	ent.Schema
}

func (ExpiryNotice) Fields() []ent.Field {
	return []ent.Field{
		field.Int("api_key_id").Immutable(),
		// "14d", "7d", "1d" or "expired".
		field.String("kind").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (ExpiryNotice) Indexes() []ent.Index {
	return []ent.Index{index.Fields("api_key_id", "kind").Unique()}
}
