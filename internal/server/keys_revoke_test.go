package server_test

import (
	"strings"
	"sync"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const keysVehiclesQuery = `{ vehicles { totalCount } }`

// Revoking a revoked key returns it unchanged and records nothing more.
func TestKeysRevokeTwice(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey

		first := keysRevoke(t, admin, k.ID)
		if first.Status != "REVOKED" || first.RevokedAt == nil {
			t.Fatalf("revoked key = %+v", first)
		}
		keysWantNothingWritten(t, env, 1, 2)

		second := keysRevoke(t, admin, k.ID)
		if second.Status != "REVOKED" || second.RevokedAt == nil || !second.RevokedAt.Equal(*first.RevokedAt) {
			t.Errorf("revoking again gave revokedAt %v, want the first %v", second.RevokedAt, first.RevokedAt)
		}
		if second.Name != first.Name || second.Prefix != first.Prefix || !second.ExpiresAt.Equal(first.ExpiresAt) {
			t.Errorf("revoking again changed the key: %+v, was %+v", second, first)
		}
		keysWantNothingWritten(t, env, 1, 2)
		stored := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, k.ID))
		if stored.RevokedAt == nil || !stored.RevokedAt.Equal(*first.RevokedAt) {
			t.Errorf("stored revoked_at = %v, want %v", stored.RevokedAt, first.RevokedAt)
		}
	})
}

// Concurrent revocations of one key agree on when it was revoked and write
// one audit entry between them.
func TestKeysRevokeConcurrent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey

		const n = 8
		responses := make([]*testenv.Response, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				responses[i] = admin.Do(keysRevokeMutation, testenv.Vars{"id": k.ID})
			}()
		}
		close(start)
		wg.Wait()

		var first *keysNode
		for _, r := range responses {
			var d keysRevokeData
			r.Decode(t, &d)
			got := d.RevokeApiKey.ApiKey
			if got.Status != "REVOKED" || got.RevokedAt == nil {
				t.Fatalf("revoked key = %+v", got)
			}
			if first == nil {
				first = &got
			} else if !got.RevokedAt.Equal(*first.RevokedAt) {
				t.Errorf("revokedAt %s and %s: the revocations disagree", got.RevokedAt, first.RevokedAt)
			}
		}
		keysWantNothingWritten(t, env, 1, 2)
	})
}

// A key of another organisation is NOT_FOUND, exactly like a key that does
// not exist, and stays active.
func TestKeysRevokeOtherOrganisation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		other := env.Org("other", organization.PlanPRO)
		env.User(other, "oz@other.test", user.RoleADMIN)
		tok, key := env.IssueKey(other)

		r := admin.Do(keysRevokeMutation, testenv.Vars{"id": keysID(key.ID)})
		r.WantError(t, 200, "NOT_FOUND")
		missing := admin.Do(keysRevokeMutation, testenv.Vars{"id": keysID(key.ID + 1000)})
		missing.WantError(t, 200, "NOT_FOUND")
		if a, b := strings.ReplaceAll(r.Message(), keysID(key.ID), "N"), strings.ReplaceAll(missing.Message(), keysID(key.ID+1000), "N"); a != b {
			t.Errorf("another organisation's key is told apart from a missing one: %q vs %q", r.Message(), missing.Message())
		}

		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.RevokedAt != nil {
			t.Errorf("another organisation's admin revoked the key")
		}
		keysWantNothingWritten(t, env, 1, 1)
		var v struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(tok).Do(keysVehiclesQuery, nil).Decode(t, &v)

		// Nor is it listed.
		if d := keysList(t, admin, nil, nil); d.Keys.TotalCount != 0 || len(d.Keys.Edges) != 0 {
			t.Errorf("acme's admin sees %d keys: %+v", d.Keys.TotalCount, d.Keys.Edges)
		}
	})
}

// An ID that names no key is NOT_FOUND, whatever its shape.
func TestKeysRevokeGarbageID(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		_, key := env.IssueKey(org)
		for _, id := range []string{"abc", "-1", "0", "999999", "1.5", "", " 1", "99999999999999999999999"} {
			r := admin.Do(keysRevokeMutation, testenv.Vars{"id": id})
			r.WantError(t, 200, "NOT_FOUND")
			if r.Message() == "" {
				t.Errorf("id %q: empty message", id)
			}
		}
		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.RevokedAt != nil {
			t.Errorf("a garbage id revoked a key")
		}
		keysWantNothingWritten(t, env, 1, 1)
	})
}

// Revocation binds the very next request, on this server and on another
// one sharing the database.
func TestKeysRevokeImmediate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		second := testenv.New(t, url) // another server process on the same database
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey

		here, there := env.Bearer(created.Token), second.Bearer(created.Token)
		var v struct{ Vehicles struct{ TotalCount int } }
		here.Do(keysVehiclesQuery, nil).Decode(t, &v)
		there.Do(keysVehiclesQuery, nil).Decode(t, &v)

		keysRevoke(t, admin, created.ApiKey.ID)
		for name, c := range map[string]*testenv.Client{"same server": here, "other server": there} {
			r := c.Do(keysVehiclesQuery, nil)
			r.WantError(t, 401, "UNAUTHENTICATED")
			if r.Message() != "API key revoked" {
				t.Errorf("%s: message = %q, want \"API key revoked\"", name, r.Message())
			}
			if got := r.Header.Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
				t.Errorf("%s: WWW-Authenticate = %q", name, got)
			}
		}
	})
}
