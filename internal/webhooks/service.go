// Package webhooks lets admins point an organisation's key events at their
// own systems, and sends them: signed as Standard Webhooks says, from the
// outbox of deliveries that internal/outbox fills inside each change's
// transaction, by exactly one replica per attempt, retried with growing
// delays for more than a day.
package webhooks

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/webhook"
	"importops/internal/apierr"
	"importops/internal/audit"
	"importops/internal/database"
	"importops/internal/outbox"
)

// MaxPerOrganization is how many webhooks an organisation may have.
const MaxPerOrganization = 5

// Service creates, lists and deletes webhooks, and queues their tests.
type Service struct {
	DB    *database.DB
	Guard Guard
	// Sealer is nil when the server has no webhook key: webhooks cannot
	// be created then.
	Sealer *Sealer
}

// Created is a new webhook and its secret, shown this once.
type Created struct {
	Webhook *ent.Webhook
	Secret  string
}

// Create adds a webhook to orgID, with its audit entry, refusing a sixth.
// events nil means every event.
func (s *Service) Create(ctx context.Context, orgID int, rawURL string, events []string, actor audit.Actor) (*Created, error) {
	if s.Sealer == nil {
		return nil, apierr.New(apierr.Unavailable,
			"This server has no key to protect webhook secrets with: start it with --webhook-key-file (see the README's Webhooks section)")
	}
	u, err := s.Guard.CheckURL(ctx, strings.TrimSpace(rawURL))
	if err != nil {
		return nil, err
	}
	events, err = checkEvents(events)
	if err != nil {
		return nil, err
	}
	raw, shown := NewSecret()
	var h *ent.Webhook
	err = s.DB.InTx(ctx, func(tx *ent.Tx) error {
		if err := s.checkLimit(ctx, tx, orgID); err != nil {
			return err
		}
		h, err = tx.Webhook.Create().
			SetOrganizationID(orgID).
			SetURL(u.String()).
			SetEvents(events).
			SetSealedSecret(s.Sealer.Seal(raw)).
			Save(ctx)
		if err != nil {
			return err
		}
		return audit.RecordOrg(ctx, tx, orgID, audit.WebhookCreated, actor)
	})
	if err != nil {
		return nil, err
	}
	return &Created{Webhook: h.Unwrap(), Secret: shown}, nil
}

// checkLimit refuses a webhook beyond the limit. On PostgreSQL it locks
// the organisation's row first, so two creations cannot both take the
// last place; SQLite runs one writing transaction at a time.
func (s *Service) checkLimit(ctx context.Context, tx *ent.Tx, orgID int) error {
	if s.DB.Dialect == dialect.Postgres {
		if _, err := tx.Organization.Query().Where(organization.ID(orgID)).ForUpdate().Only(ctx); err != nil {
			return err
		}
	}
	n, err := tx.Webhook.Query().Where(webhook.OrganizationID(orgID)).Count(ctx)
	if err != nil {
		return err
	}
	if n >= MaxPerOrganization {
		return apierr.Newf(apierr.Forbidden,
			"This organisation already has %d webhooks, the most it can have: delete one it no longer uses first", MaxPerOrganization)
	}
	return nil
}

func checkEvents(events []string) ([]string, error) {
	if events == nil {
		return slices.Clone(outbox.Events), nil
	}
	if len(events) == 0 {
		return nil, apierr.Input("events", "Choose at least one event, or omit events to receive every event")
	}
	var out []string
	for _, e := range events {
		if !slices.Contains(outbox.Events, e) {
			return nil, apierr.Input("events", fmt.Sprintf("Unknown event %q: the events are %s", e, strings.Join(outbox.Events, ", ")))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// List is the viewer's organisation's webhooks, oldest first.
func (s *Service) List(ctx context.Context) ([]*ent.Webhook, error) {
	return s.DB.Webhook.Query().Order(ent.Asc(webhook.FieldID)).All(ctx)
}

// Delete removes webhook rawID of orgID and its deliveries, with its audit
// entry; false when the organisation has no such webhook.
func (s *Service) Delete(ctx context.Context, orgID int, rawID string, actor audit.Actor) (bool, error) {
	id, err := strconv.Atoi(rawID)
	if err != nil {
		return false, nil
	}
	var n int
	err = s.DB.InTx(ctx, func(tx *ent.Tx) error {
		n, err = tx.Webhook.Delete().Where(webhook.ID(id), webhook.OrganizationID(orgID)).Exec(ctx)
		if err != nil || n == 0 {
			return err
		}
		return audit.RecordOrg(ctx, tx, orgID, audit.WebhookDeleted, actor)
	})
	return n > 0, err
}

// SendTest queues webhook.test for webhook rawID alone.
func (s *Service) SendTest(ctx context.Context, rawID string) (*ent.WebhookDelivery, error) {
	id, err := strconv.Atoi(rawID)
	notFound := apierr.Newf(apierr.NotFound, "No webhook with ID %q in this organisation", rawID)
	if err != nil {
		return nil, notFound
	}
	var d *ent.WebhookDelivery
	err = s.DB.InTx(ctx, func(tx *ent.Tx) error {
		h, err := tx.Webhook.Get(ctx, id)
		if ent.IsNotFound(err) {
			return notFound
		}
		if err != nil {
			return err
		}
		d, err = outbox.SendTest(ctx, tx, h, time.Now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.Unwrap(), nil
}
