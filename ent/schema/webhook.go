package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Webhook is a receiver an organisation's admins point key events at. Its
// signing secret is stored sealed (internal/webhooks/secret.go): a dump of
// this table alone cannot sign a delivery.
type Webhook struct {
	ent.Schema
}

func (Webhook) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").Immutable(),
		// The events it receives, written out in full when the admin chose
		// "every event".
		field.Strings("events").Immutable(),
		// AES-256-GCM of the secret's bytes under the server's key: the
		// nonce, then the ciphertext.
		field.Bytes("sealed_secret").Immutable().Sensitive(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (Webhook) Edges() []ent.Edge {
	return []ent.Edge{
		// Deleting a webhook deletes its deliveries, pending ones included.
		edge.To("deliveries", WebhookDelivery.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

func (Webhook) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "id")}
}
