// Package audit records who changed an organisation's API keys or plan. Entries are
// written through the caller's transaction, so a change and its entry are
// committed together or not at all. A key's entry also queues the webhook
// event of the same name (internal/outbox) in that transaction: every path
// that changes a key (the settings page, support's command line, the
// leaked-key endpoint) records its entry here, so none can forget the event.
package audit

import (
	"context"
	"time"

	"importops/ent"
	"importops/ent/organization"
	"importops/internal/outbox"
)

// Actions, as the audit log shows them.
const (
	KeyCreated = "api_key.created"
	KeyRevoked = "api_key.revoked"
	// KeyExposed is a revocation because the token was found in public.
	KeyExposed = "api_key.exposed"
	KeyRenamed = "api_key.renamed"
	// KeyAllowedIPsChanged: the networks the key may be used from.
	KeyAllowedIPsChanged = "api_key.allowed_ips_changed"
	PlanChanged          = "organization.plan_changed"
	// KeyRotated is on the old key of a rotation; its replacement gets
	// KeyCreated in the same transaction.
	KeyRotated    = "api_key.rotated"
	PolicyUpdated = "key_policy.updated"
	// WebhookCreated and WebhookDeleted are about the organisation.
	WebhookCreated = "webhook.created"
	WebhookDeleted = "webhook.deleted"
)

// Actor is who made a change: an admin, or a support member.
type Actor struct {
	// UserID is the acting user, or 0 when no user record is linked.
	UserID int
	// Name is kept on the entry itself, so it survives the user's removal.
	Name string
}

// Record writes one entry about key in its organisation, through tx.
func Record(ctx context.Context, tx *ent.Tx, action string, actor Actor, key *ent.APIKey) error {
	return RecordDetail(ctx, tx, action, actor, key, "")
}

// RecordDetail is Record with a detail for people (where an exposed token
// was found); "" records none.
func RecordDetail(ctx context.Context, tx *ent.Tx, action string, actor Actor, key *ent.APIKey, detail string) error {
	if err := outbox.Key(ctx, tx, action, key, 0, time.Now()); err != nil {
		return err
	}
	return write(ctx, tx, key.OrganizationID, action, actor, &key.ID, detail)
}

// RecordOrg writes one entry about the organisation itself, through tx.
func RecordOrg(ctx context.Context, tx *ent.Tx, orgID int, action string, actor Actor) error {
	return write(ctx, tx, orgID, action, actor, nil, "")
}

func write(ctx context.Context, tx *ent.Tx, orgID int, action string, actor Actor, keyID *int, detail string) error {
	c := tx.AuditEntry.Create().
		SetOrganizationID(orgID).
		SetAction(action).
		SetActorName(actor.Name).
		SetNillableAPIKeyID(keyID)
	if detail != "" {
		c.SetDetail(detail)
	}
	if actor.UserID != 0 {
		c.SetActorID(actor.UserID)
	}
	if err := c.Exec(ctx); err != nil {
		return err
	}
	return tx.Organization.UpdateOneID(orgID).AddAuditEntryCount(1).Exec(ctx)
}

// Count is how many entries an organisation's audit log holds.
func Count(ctx context.Context, client *ent.Client, orgID int) (int, error) {
	return client.Organization.Query().
		Where(organization.ID(orgID)).
		Select(organization.FieldAuditEntryCount).
		Int(ctx)
}
