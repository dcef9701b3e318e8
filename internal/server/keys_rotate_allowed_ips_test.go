package server_test

import (
	"slices"
	"testing"

	"importops/internal/testenv"
)

// TestKeysRotateKeepsAllowedIPs: the replacement is limited to the same
// networks as the key it replaces (the contract: "the old one's name,
// scopes and allowed addresses").
func TestKeysRotateKeepsAllowedIPs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, _, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		want := keysSetAllowedIPs(t, admin, k.ID, "203.0.113.0/24", "2001:db8::/32")
		newID := rotate(t, admin, k.ID, "ONE_HOUR").RotateApiKey.ApiKey.ID
		var got struct{ Key struct{ AllowedIps []string } }
		admin.Do(`query($id: ID!) { key(id: $id) { allowedIps } }`, testenv.Vars{"id": newID}).Decode(t, &got)
		if !slices.Equal(got.Key.AllowedIps, want) {
			t.Errorf("the replacement allows %q, want %q as the rotated key", got.Key.AllowedIps, want)
		}
	})
}
