// Package outbox queues webhook events: one delivery row per subscribed
// webhook, written through the transaction of the change that causes the
// event, so that a committed change always has its deliveries and a
// rolled-back one never does. internal/webhooks sends them.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"importops/ent"
	"importops/ent/webhook"
	"importops/internal/keystatus"
)

// The events a webhook may receive.
const (
	KeyCreated  = "api_key.created"
	KeyRevoked  = "api_key.revoked"
	KeyRotated  = "api_key.rotated"
	KeyExposed  = "api_key.exposed"
	KeyExpiring = "api_key.expiring"
	KeyExpired  = "api_key.expired"
	// Test is sent to one webhook when an admin asks; nobody subscribes
	// to it.
	Test = "webhook.test"
)

// Events are those a webhook can subscribe to: all of them when it names
// none.
var Events = []string{KeyCreated, KeyRevoked, KeyRotated, KeyExposed, KeyExpiring, KeyExpired}

// Body is what a receiver gets, as the contract documents it.
type Body struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// KeyData describes a key in an event: never its token or digest.
type KeyData struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"`
	Scopes    []string  `json:"scopes"`
	Status    string    `json:"status"`
	ExpiresAt time.Time `json:"expiresAt"`
	// Organization is the organisation's slug.
	Organization string `json:"organization"`
	// DaysLeft is set on api_key.expiring: 14, 7 or 1.
	DaysLeft int `json:"daysLeft,omitempty"`
}

// TestData is the body of webhook.test.
type TestData struct {
	WebhookID    string `json:"webhookId"`
	Organization string `json:"organization"`
}

// Key queues event about key (as it is after the change) for the key's
// organisation's webhooks subscribed to it. An action that is not a
// webhook event (a rename, say) queues nothing. daysLeft is for
// api_key.expiring, 0 otherwise.
func Key(ctx context.Context, tx *ent.Tx, event string, key *ent.APIKey, daysLeft int, now time.Time) error {
	if !slices.Contains(Events, event) {
		return nil
	}
	hooks, err := tx.Webhook.Query().Where(webhook.OrganizationID(key.OrganizationID)).All(ctx)
	if err != nil {
		return err
	}
	hooks = slices.DeleteFunc(hooks, func(h *ent.Webhook) bool { return !slices.Contains(h.Events, event) })
	if len(hooks) == 0 {
		return nil
	}
	org, err := tx.Organization.Get(ctx, key.OrganizationID)
	if err != nil {
		return err
	}
	data := KeyData{
		ID: strconv.Itoa(key.ID), Name: key.Name, Prefix: key.Prefix, Scopes: key.Scopes,
		Status: string(keystatus.At(key, now)), ExpiresAt: key.ExpiresAt.UTC(), Organization: org.Slug, DaysLeft: daysLeft,
	}
	for _, h := range hooks {
		if _, err := queue(ctx, tx, h, event, data, now); err != nil {
			return err
		}
	}
	return nil
}

// SendTest queues webhook.test for h alone and returns its delivery.
func SendTest(ctx context.Context, tx *ent.Tx, h *ent.Webhook, now time.Time) (*ent.WebhookDelivery, error) {
	org, err := tx.Organization.Get(ctx, h.OrganizationID)
	if err != nil {
		return nil, err
	}
	return queue(ctx, tx, h, Test, TestData{WebhookID: strconv.Itoa(h.ID), Organization: org.Slug}, now)
}

// queue writes one delivery, due at once. The body is stamped with the
// event's time (the clock of whoever caused it, which tests move); the
// delivery's own times are the wall clock's, which the worker's
// schedule and the receivers' signature checks go by.
func queue(ctx context.Context, tx *ent.Tx, h *ent.Webhook, event string, data any, at time.Time) (*ent.WebhookDelivery, error) {
	body, err := json.Marshal(Body{Type: event, Timestamp: at.UTC().Truncate(time.Microsecond), Data: data})
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	return tx.WebhookDelivery.Create().
		SetOrganizationID(h.OrganizationID).
		SetWebhookID(h.ID).
		SetEvent(event).
		SetMessageID("msg_" + rand.Text()).
		SetBody(string(body)).
		SetNextAttemptAt(now).
		SetCreatedAt(now).
		Save(ctx)
}
