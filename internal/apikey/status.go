package apikey

import (
	"time"

	"importops/ent"
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
