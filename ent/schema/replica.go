package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Replica is one running `importops serve` process. Each writes its row
// every few seconds (internal/replicas) and deletes it when it stops, so
// every process can count the live ones and enforce its share of each
// API key's rate limit. It also acknowledges the key invalidations the
// process applied, under a lease (internal/keycache). It belongs to no organisation.
type Replica struct {
	ent.Schema
}

func (Replica) Fields() []ent.Field {
	return []ent.Field{
		// Random, chosen by the process when it starts.
		field.String("id").NotEmpty().Immutable(),
		field.Time("started_at").Default(now).Immutable(),
		field.Time("heartbeat_at").Default(now),
		// The last key invalidation this process applied to its memory
		// (KeyInvalidation.seq), and until when it may trust that memory:
		// a change waits for the acknowledgement of every replica whose
		// lease has not lapsed (internal/keycache).
		field.Int64("applied_seq").Default(0),
		field.Time("lease_until").Optional().Nillable(),
	}
}

func (Replica) Indexes() []ent.Index {
	return []ent.Index{index.Fields("heartbeat_at")}
}
