package apikey

import (
	"fmt"
	"strings"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/predicate"
)

// Status is what a key's row means at a moment.
type Status string

const (
	Active  Status = "ACTIVE"
	Expired Status = "EXPIRED"
	Revoked Status = "REVOKED"
)

// StatusAt derives a key's status at now. It is never stored, so it cannot
// go stale: a key expires by the clock alone, and so does a rotated key,
// whose revoked_at is set ahead to the end of the rotation's overlap: it
// stays active until then.
func StatusAt(k *ent.APIKey, now time.Time) Status {
	switch {
	case k.RevokedAt != nil && !k.RevokedAt.After(now):
		return Revoked
	case !now.Before(k.ExpiresAt):
		return Expired
	}
	return Active
}

// WhereStatus selects the keys whose status at now is s, in SQL, agreeing
// with StatusAt.
func WhereStatus(s Status, now time.Time) predicate.APIKey {
	switch s {
	case Revoked:
		return apikey.RevokedAtLTE(now)
	case Expired:
		return apikey.And(notRevokedAt(now), apikey.ExpiresAtLTE(now))
	}
	return apikey.And(notRevokedAt(now), apikey.ExpiresAtGT(now))
}

// notRevokedAt selects the keys not revoked at now: never revoked, or
// rotated with an overlap that has not ended.
func notRevokedAt(now time.Time) predicate.APIKey {
	return apikey.Or(apikey.RevokedAtIsNil(), apikey.RevokedAtGT(now))
}

// ParseStatus reads "active", "expired" or "revoked", in any case.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToUpper(strings.TrimSpace(s))); st {
	case Active, Expired, Revoked:
		return st, nil
	}
	return "", fmt.Errorf("status must be active, expired or revoked, not %q", s)
}
