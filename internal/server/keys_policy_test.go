package server_test

import (
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// The key policy (setKeyPolicy, Organization.maxKeyLifetimeDays) through
// the real handler.

const policyMutation = `mutation($days: Int) { setKeyPolicy(maxLifetimeDays: $days) { id maxKeyLifetimeDays } }`

// policySet sets the policy through c, failing the test on any error, and
// returns the days the answer shows.
func policySet(t *testing.T, c *testenv.Client, days any) *int {
	t.Helper()
	var d struct {
		SetKeyPolicy struct{ MaxKeyLifetimeDays *int }
	}
	c.Do(policyMutation, testenv.Vars{"days": days}).Decode(t, &d)
	return d.SetKeyPolicy.MaxKeyLifetimeDays
}

// policyShown is the policy as the viewer query shows it.
func policyShown(t *testing.T, c *testenv.Client) *int {
	t.Helper()
	var d struct {
		Viewer struct {
			Organization struct{ MaxKeyLifetimeDays *int }
		}
	}
	c.Do(`{ viewer { organization { maxKeyLifetimeDays } } }`, nil).Decode(t, &d)
	return d.Viewer.Organization.MaxKeyLifetimeDays
}

// Setting and removing the policy: shown on the organisation, one
// key_policy.updated entry each time; out of range is BAD_USER_INPUT on
// maxLifetimeDays naming the range, and changes nothing.
func TestKeyPolicySet(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		if p := policyShown(t, admin); p != nil {
			t.Fatalf("a new organisation's policy = %d, want null", *p)
		}
		for _, bad := range []int{0, -1, 731, 100000} {
			r := admin.Do(policyMutation, testenv.Vars{"days": bad})
			if msg := keysWantInputError(t, r, "maxLifetimeDays"); !strings.Contains(msg, "1 to 730 days") {
				t.Errorf("setKeyPolicy(%d): message %q, want the range", bad, msg)
			}
		}
		keysWantNothingWritten(t, env, 0, 0)

		for _, days := range []int{1, 730, 90} {
			if p := policySet(t, admin, days); p == nil || *p != days {
				t.Errorf("setKeyPolicy(%d) answered %v", days, p)
			}
		}
		if p := policyShown(t, admin); p == nil || *p != 90 {
			t.Errorf("policy shown = %v, want 90", p)
		}
		if p := policySet(t, admin, nil); p != nil {
			t.Errorf("setKeyPolicy(null) answered %d", *p)
		}
		if p := policyShown(t, admin); p != nil {
			t.Errorf("policy shown after null = %d", *p)
		}
		var f struct {
			AuditLog struct {
				Edges      []struct{ Node auditNode }
				TotalCount int
			}
		}
		admin.Do(`{ auditLog(filter: {actions: ["key_policy.updated"]}) { edges { node { action actorName apiKey { id } } } totalCount } }`, nil).Decode(t, &f)
		if f.AuditLog.TotalCount != 4 || len(f.AuditLog.Edges) != 4 {
			t.Fatalf("%d key_policy.updated entries, want 4", f.AuditLog.TotalCount)
		}
		if e := f.AuditLog.Edges[0].Node; e.ActorName != keysAdminName || e.ApiKey != nil {
			t.Errorf("entry = %+v, want by the admin and about no key", e)
		}
	})
}

// At creation an expiry beyond the policy is BAD_USER_INPUT naming the
// limit, on expiry for the fixed choices and on expiresAt for a date;
// within it the key is created. Support's issue obeys it too.
func TestKeyPolicyAtCreation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		policySet(t, admin, 30)
		keys, entries := env.KeyCount(), env.AuditCount()

		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "Too long", "expiry": "THREE_MONTHS"}})
		if msg := keysWantInputError(t, r, "expiry"); !strings.Contains(msg, "at most 30 days") {
			t.Errorf("message %q, want the limit", msg)
		}
		late := time.Now().UTC().Add(31 * 24 * time.Hour).Format(time.RFC3339)
		r = admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "Too long", "expiry": "CUSTOM", "expiresAt": late}})
		if msg := keysWantInputError(t, r, "expiresAt"); !strings.Contains(msg, "at most 30 days") {
			t.Errorf("message %q, want the limit", msg)
		}
		keysWantNothingWritten(t, env, keys, entries)

		ok := time.Now().UTC().Add(29 * 24 * time.Hour).Truncate(time.Second)
		k := keysCreate(t, admin, map[string]any{"name": "Short", "expiry": "CUSTOM", "expiresAt": ok.Format(time.RFC3339)}).CreateApiKey.ApiKey
		if !k.ExpiresAt.Equal(ok) {
			t.Errorf("expiresAt = %v, want %v", k.ExpiresAt, ok)
		}
	})
}

// Rotation caps the new key's lifetime to the policy, however long the old
// key lived; a shorter lifetime is kept.
func TestKeyPolicyAtRotation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, _, _, admin := keysSetup(t, url)
		long := keysCreate(t, admin, map[string]any{"name": "Long", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		short := keysCreate(t, admin, map[string]any{"name": "Short", "expiry": "CUSTOM",
			"expiresAt": time.Now().UTC().Add(10 * 24 * time.Hour).Format(time.RFC3339)}).CreateApiKey.ApiKey
		policySet(t, admin, 30)

		d := rotate(t, admin, long.ID, "NONE").RotateApiKey.ApiKey
		if got := d.ExpiresAt.Sub(d.CreatedAt); got < 30*24*time.Hour-time.Second || got > 30*24*time.Hour+time.Second {
			t.Errorf("a one-year key rotated under a 30-day policy lives %s, want 30 days", got)
		}
		d = rotate(t, admin, short.ID, "NONE").RotateApiKey.ApiKey
		want := short.ExpiresAt.Sub(short.CreatedAt)
		if got := d.ExpiresAt.Sub(d.CreatedAt); got < want-time.Second || got > want+time.Second {
			t.Errorf("a %s key rotated under a 30-day policy lives %s, want its own lifetime", want, got)
		}
	})
}
