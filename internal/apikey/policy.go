package apikey

import (
	"context"
	"fmt"
	"time"

	"importops/ent"
	"importops/internal/apierr"
	"importops/internal/audit"
)

// The key policy: the longest lifetime an organisation allows its keys,
// from MinPolicyDays to MaxPolicyDays (two years, the limit of every key).
// It binds every key issued afterwards, by an admin or by support, and
// caps the lifetime a rotation gives the new key; keys issued before keep
// their expiry.
const (
	MinPolicyDays = 1
	MaxPolicyDays = 730
)

// SetKeyPolicy sets the longest lifetime of orgID's keys, in days; nil
// removes the limit. The change and its audit entry (key_policy.updated)
// are written in one transaction.
func (s *Service) SetKeyPolicy(ctx context.Context, orgID int, days *int, actor audit.Actor) (*ent.Organization, error) {
	if days != nil && (*days < MinPolicyDays || *days > MaxPolicyDays) {
		return nil, apierr.Input("maxLifetimeDays", fmt.Sprintf(
			"The longest key lifetime must be from %d to %d days (got %d); null removes the limit",
			MinPolicyDays, MaxPolicyDays, *days))
	}
	var org *ent.Organization
	err := s.db.InTx(ctx, func(tx *ent.Tx) error {
		var err error
		u := tx.Organization.UpdateOneID(orgID)
		if days == nil {
			u.ClearMaxKeyLifetimeDays()
		} else {
			u.SetMaxKeyLifetimeDays(*days)
		}
		if org, err = u.Save(ctx); err != nil {
			return err
		}
		return audit.RecordOrg(ctx, tx, orgID, audit.PolicyUpdated, actor)
	})
	if err != nil {
		return nil, err
	}
	return org.Unwrap(), nil
}

// policyLimit is the latest expiry org's policy allows a key created at
// now, and whether it has one.
func policyLimit(org *ent.Organization, now time.Time) (time.Time, bool) {
	if org.MaxKeyLifetimeDays == nil {
		return time.Time{}, false
	}
	return now.Add(time.Duration(*org.MaxKeyLifetimeDays) * 24 * time.Hour).UTC().Truncate(time.Microsecond), true
}

// checkPolicy refuses an expiry beyond org's policy, naming the limit and
// the field the expiry came from.
func checkPolicy(org *ent.Organization, expiry Expiry, expiresAt, now time.Time) error {
	limit, ok := policyLimit(org, now)
	if !ok || !expiresAt.After(limit) {
		return nil
	}
	field := "expiry"
	if expiry == Custom {
		field = "expiresAt"
	}
	return apierr.Input(field, fmt.Sprintf(
		"This organisation's key policy allows keys of at most %d days: choose an expiry on or before %s",
		*org.MaxKeyLifetimeDays, limit.Format("2006-01-02 15:04 UTC")))
}
