package apikey

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/apierr"
	"importops/internal/audit"
	"importops/internal/keycache"
	"importops/internal/keystatus"
	"importops/internal/token"
)

// Overlap is how long a rotated key keeps working beside its replacement,
// so that the integration can be redeployed with the new token first.
type Overlap string

const (
	OverlapNone      Overlap = "NONE"
	OverlapOneHour   Overlap = "ONE_HOUR"
	OverlapOneDay    Overlap = "ONE_DAY"
	OverlapSevenDays Overlap = "SEVEN_DAYS"
)

var overlaps = map[Overlap]time.Duration{
	OverlapNone:      0,
	OverlapOneHour:   time.Hour,
	OverlapOneDay:    24 * time.Hour,
	OverlapSevenDays: 7 * 24 * time.Hour,
}

// Rotation is a key to rotate.
type Rotation struct {
	OrgID   int
	ID      string
	Overlap Overlap
	Actor   audit.Actor
}

// Rotated is the new key with its token, shown once, and the old key as
// rotation left it.
type Rotated struct {
	Key      *ent.APIKey
	Token    string
	Previous *ent.APIKey
}

// Rotate replaces an active key with a new one of the same name and scopes
// (a support-issued key's scopes included: rotating is not asking for a
// scope) and the same lifetime, capped by the organisation's policy and by
// two years. The old key's revoked_at is set to the end of the overlap with
// the reason ROTATED: Authenticate refuses it from then on, and until then
// it is listed as active, with revokedAt in the future. Rotation does not
// check the limit of active keys: it replaces a key rather than adding one.
// The new key, the old key's change and both audit entries (api_key.rotated
// on the old key, api_key.created on the new one) are one transaction.
func (s *Service) Rotate(ctx context.Context, r Rotation) (*Rotated, error) {
	id, err := strconv.Atoi(r.ID)
	if err != nil || id < 1 {
		return nil, notFound(r.ID)
	}
	overlap, ok := overlaps[r.Overlap]
	if !ok {
		return nil, apierr.Input("overlap", fmt.Sprintf("Unknown overlap %q: choose NONE, ONE_HOUR, ONE_DAY or SEVEN_DAYS", r.Overlap))
	}
	tok, err := token.Generate()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	var key, old *ent.APIKey
	var seq int64
	err = s.db.InTx(ctx, func(tx *ent.Tx) error {
		// The organisation's lock (on PostgreSQL) comes before the key is
		// read, so that two rotations of one key see each other's result.
		org, err := s.lockWithAPIAccess(ctx, tx, r.OrgID)
		if err != nil {
			return err
		}
		if old, err = tx.APIKey.Get(ctx, id); ent.IsNotFound(err) {
			return notFound(r.ID)
		} else if err != nil {
			return err
		}
		if err := checkRotatable(old, now); err != nil {
			return err
		}
		c := tx.APIKey.Create().
			SetOrganizationID(r.OrgID).
			SetName(old.Name).
			SetPrefix(token.Prefix(tok)).
			SetDigest(token.Digest(tok)).
			SetScopes(old.Scopes).
			SetAllowedIps(old.AllowedIps).
			SetExpiresAt(rotatedExpiry(old, org, now))
		if r.Actor.UserID != 0 {
			c.SetCreatedByID(r.Actor.UserID)
		}
		if key, err = c.Save(ctx); err != nil {
			return err
		}
		// Guarded like Revoke, in case a revocation (which does not lock
		// the organisation) came in between.
		n, err := tx.APIKey.Update().
			Where(apikey.ID(id), apikey.RevokedAtIsNil(), apikey.ReplacedByIDIsNil()).
			SetRevokedAt(now.Add(overlap)).
			SetRevocationReason(apikey.RevocationReasonROTATED).
			SetReplacedByID(key.ID).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return apierr.Input("id", "This key was revoked while it was being rotated: only an active key can be rotated")
		}
		if old, err = tx.APIKey.Get(ctx, id); err != nil {
			return err
		}
		// The old key's end is a time in its row; the replicas' copies of
		// the row must go.
		if seq, err = s.invalidate(ctx, tx, old.OrganizationID, old.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.KeyRotated, r.Actor, old); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.KeyCreated, r.Actor, key)
	})
	if err != nil {
		return nil, err
	}
	keycache.Await(ctx, s.db, seq)
	return &Rotated{Key: key.Unwrap(), Token: tok, Previous: old.Unwrap()}, nil
}

// checkRotatable refuses a key that is not active at now, or whose
// rotation is already under way (it is active until its overlap ends, but
// already has a replacement).
func checkRotatable(k *ent.APIKey, now time.Time) error {
	const stamp = "2006-01-02 15:04 UTC"
	status := keystatus.At(k, now)
	rotated := k.RevocationReason != nil && *k.RevocationReason == apikey.RevocationReasonROTATED
	switch {
	case status == keystatus.Active && k.RevokedAt != nil && k.ReplacedByID != nil:
		return apierr.Input("id", fmt.Sprintf(
			"This key is already being rotated: it stops at %s, and its replacement is the key with ID %d",
			k.RevokedAt.UTC().Format(stamp), *k.ReplacedByID))
	case status == keystatus.Revoked && rotated && k.ReplacedByID != nil:
		return apierr.Input("id", fmt.Sprintf(
			"This key was rotated and stopped at %s: rotate its replacement, the key with ID %d, instead",
			k.RevokedAt.UTC().Format(stamp), *k.ReplacedByID))
	case status == keystatus.Revoked:
		return apierr.Input("id", fmt.Sprintf(
			"This key was revoked at %s: only an active key can be rotated; create a new key instead",
			k.RevokedAt.UTC().Format(stamp)))
	case status == keystatus.Expired:
		return apierr.Input("id", fmt.Sprintf(
			"This key expired at %s: only an active key can be rotated; create a new key instead",
			k.ExpiresAt.UTC().Format(stamp)))
	}
	return nil
}

// rotatedExpiry gives the new key the old one's original lifetime from
// now, capped by the organisation's policy and by two years.
func rotatedExpiry(old *ent.APIKey, org *ent.Organization, now time.Time) time.Time {
	exp := now.Add(old.ExpiresAt.Sub(old.CreatedAt))
	exp = minTime(exp, addMonths(now, 24))
	if limit, ok := policyLimit(org, now); ok {
		exp = minTime(exp, limit)
	}
	return exp.UTC().Truncate(time.Microsecond)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
