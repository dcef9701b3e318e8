// Package keystatus is what an API key's row means at a moment: active,
// expired or revoked, in Go (At) and in SQL (Where), by one rule. It is
// its own package so that everything that tells a key's status (the key
// service, the webhook events of internal/outbox, the command line) can
// use the rule without depending on the key service.
package keystatus

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

// At derives a key's status at now. It is never stored, so it cannot
// go stale: a key expires by the clock alone, and so does a rotated key,
// whose revoked_at is set ahead to the end of the rotation's overlap: it
// stays active until then.
func At(k *ent.APIKey, now time.Time) Status {
	switch {
	case k.RevokedAt != nil && !k.RevokedAt.After(now):
		return Revoked
	case !now.Before(k.ExpiresAt):
		return Expired
	}
	return Active
}

// Where selects the keys whose status at now is s, in SQL, agreeing
// with At.
func Where(s Status, now time.Time) predicate.APIKey {
	switch s {
	case Revoked:
		return apikey.RevokedAtLTE(now)
	case Expired:
		return apikey.And(NotRevokedAt(now), apikey.ExpiresAtLTE(now))
	}
	return apikey.And(NotRevokedAt(now), apikey.ExpiresAtGT(now))
}

// NotRevokedAt selects the keys not revoked at now: never revoked, or
// rotated with an overlap that has not ended.
func NotRevokedAt(now time.Time) predicate.APIKey {
	return apikey.Or(apikey.RevokedAtIsNil(), apikey.RevokedAtGT(now))
}

// Parse reads "active", "expired" or "revoked", in any case.
func Parse(s string) (Status, error) {
	switch st := Status(strings.ToUpper(strings.TrimSpace(s))); st {
	case Active, Expired, Revoked:
		return st, nil
	}
	return "", fmt.Errorf("status must be active, expired or revoked, not %q", s)
}

// WhereAny selects the keys whose status at now is any of statuses,
// agreeing with At. statuses is not empty: a list of every key
// leaves the filter out.
func WhereAny(statuses []Status, now time.Time) predicate.APIKey {
	ps := make([]predicate.APIKey, 0, len(statuses))
	seen := map[Status]bool{}
	for _, s := range statuses {
		if !seen[s] {
			seen[s] = true
			ps = append(ps, Where(s, now))
		}
	}
	return apikey.Or(ps...)
}
