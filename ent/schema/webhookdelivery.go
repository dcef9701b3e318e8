package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookDelivery is one event for one webhook: the transactional outbox
// the delivery worker drains (internal/webhooks). It is written in the
// transaction of the change that causes the event, so a committed change
// always has its deliveries and a rolled-back one has none. The body is
// fixed when the event happens; retries send the same bytes under the
// same message id.
type WebhookDelivery struct {
	ent.Schema
}

func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("webhook_id").Immutable(),
		field.String("event").Immutable(),
		// The webhook-id header: the same on every attempt, so a receiver
		// can drop a repeat.
		field.String("message_id").Unique().Immutable(),
		field.Text("body").Immutable(),
		field.Enum("status").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.Int("response_status").Optional().Nillable(),
		// When the next attempt may start.
		field.Time("next_attempt_at"),
		// A replica that claimed the delivery owns it until then; a
		// replica that dies mid-attempt loses it when the lease ends.
		field.Time("leased_until").Optional().Nillable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("webhook", Webhook.Type).Ref("deliveries").
			Field("webhook_id").Unique().Required().Immutable(),
	}
}

func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		// The worker's claim: pending deliveries that are due.
		index.Fields("status", "next_attempt_at"),
		// A webhook's deliveries, newest first.
		index.Fields("webhook_id", "id"),
	}
}
