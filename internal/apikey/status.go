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
// go stale: a key expires by the clock alone.
func StatusAt(k *ent.APIKey, now time.Time) Status {
	switch {
	case k.RevokedAt != nil:
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
		return apikey.RevokedAtNotNil()
	case Expired:
		return apikey.And(apikey.RevokedAtIsNil(), apikey.ExpiresAtLTE(now))
	}
	return apikey.And(apikey.RevokedAtIsNil(), apikey.ExpiresAtGT(now))
}

// ParseStatus reads "active", "expired" or "revoked", in any case.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToUpper(strings.TrimSpace(s))); st {
	case Active, Expired, Revoked:
		return st, nil
	}
	return "", fmt.Errorf("status must be active, expired or revoked, not %q", s)
}
