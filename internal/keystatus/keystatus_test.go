package keystatus

import (
	"testing"
	"time"

	"importops/ent"
)

// A key is revoked from its revoked_at on (a rotated key stays active
// until its overlap ends), expired from its expires_at on; revoked wins.
func TestAt(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	revoked := now.Add(-time.Hour)
	for _, tc := range []struct {
		name string
		key  ent.APIKey
		want Status
	}{
		{"active", ent.APIKey{ExpiresAt: now.Add(time.Nanosecond)}, Active},
		{"expires this instant", ent.APIKey{ExpiresAt: now}, Expired},
		{"expired", ent.APIKey{ExpiresAt: now.Add(-time.Hour)}, Expired},
		{"revoked", ent.APIKey{ExpiresAt: now.AddDate(1, 0, 0), RevokedAt: &revoked}, Revoked},
		{"revoked and expired", ent.APIKey{ExpiresAt: now.Add(-time.Minute), RevokedAt: &revoked}, Revoked},
	} {
		if got := At(&tc.key, now); got != tc.want {
			t.Errorf("%s: At = %s, want %s", tc.name, got, tc.want)
		}
	}
}
