package server_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/lastused"
	"importops/internal/testenv"
)

const luKeys = `{ keys(first: 100) { edges { node { id lastUsedAt } } } }`

// luLastUsedAt is what the keys list shows as key id's lastUsedAt.
func luLastUsedAt(t *testing.T, admin *testenv.Client, id string) *time.Time {
	t.Helper()
	var d struct {
		Keys struct {
			Edges []struct {
				Node struct {
					ID         string
					LastUsedAt *string
				}
			}
		}
	}
	admin.Do(luKeys, nil).Decode(t, &d)
	for _, e := range d.Keys.Edges {
		if e.Node.ID == id {
			if e.Node.LastUsedAt == nil {
				return nil
			}
			at := vehParseTime(t, "lastUsedAt", *e.Node.LastUsedAt)
			return &at
		}
	}
	t.Fatalf("key %s is not in the list", id)
	return nil
}

// luStored reads last_used_at straight from the database.
func luStored(t *testing.T, env *testenv.Env, id int) *time.Time {
	t.Helper()
	k, err := env.DB.APIKey.Get(testenv.System(), id)
	if err != nil {
		t.Fatalf("reading key %d: %v", id, err)
	}
	return k.LastUsedAt
}

// TestLastUsedNullUntilFirstUse: lastUsedAt is null until the key is used,
// then shows about when it was, once flushed.
func TestLastUsedNullUntilFirstUse(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)

		var c created
		admin.Do(createKey, testenv.Vars{"input": map[string]any{"name": "ERP", "expiry": "ONE_YEAR"}}).Decode(t, &c)
		id := c.CreateApiKey.ApiKey.ID
		if c.CreateApiKey.ApiKey.LastUsedAt != nil {
			t.Errorf("a new key has lastUsedAt %s", *c.CreateApiKey.ApiKey.LastUsedAt)
		}
		env.FlushLastUsed()
		if at := luLastUsedAt(t, admin, id); at != nil {
			t.Errorf("an unused key shows lastUsedAt %s", at)
		}

		// Neither the admin's session nor a refused request counts as a use.
		wrong := c.CreateApiKey.Token[:42] + "0"
		if wrong == c.CreateApiKey.Token {
			wrong = c.CreateApiKey.Token[:42] + "1"
		}
		env.Bearer(wrong).Do(vehList, nil).WantError(t, 401, "UNAUTHENTICATED")
		env.FlushLastUsed()
		if at := luLastUsedAt(t, admin, id); at != nil {
			t.Errorf("lastUsedAt %s before any use", at)
		}

		before := time.Now().Add(-time.Second)
		env.Bearer(c.CreateApiKey.Token).Do(vehList, nil).Decode(t, &vehListData{})
		env.FlushLastUsed()
		after := time.Now().Add(time.Second)
		at := luLastUsedAt(t, admin, id)
		if at == nil || at.Before(before) || at.After(after) {
			t.Fatalf("lastUsedAt = %v after a use, want between %s and %s", at, before, after)
		}
		if stored := luStored(t, env, vehAtoi(t, id)); stored == nil || !stored.Equal(*at) {
			t.Errorf("stored last_used_at %v, listed %s", stored, at)
		}
	})
}

// TestLastUsedNotWrittenPerRequest: uses are kept in memory and written by
// the flush, not by each request.
func TestLastUsedNotWrittenPerRequest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		token, key := env.IssueKey(org)
		c := env.Bearer(token)

		var lastRequest time.Time
		for range 50 {
			lastRequest = time.Now()
			c.Do(`{ vehicles(first: 1) { totalCount } }`, nil).Decode(t, &vehListData{})
		}
		if at := luStored(t, env, key.ID); at != nil {
			t.Fatalf("last_used_at = %s after requests without a flush, want it still null", at)
		}
		var written int
		if err := env.DB.SQL.QueryRow("SELECT COUNT(*) FROM api_keys WHERE last_used_at IS NOT NULL").Scan(&written); err != nil || written != 0 {
			t.Fatalf("%d rows with last_used_at (err %v), want 0", written, err)
		}

		env.FlushLastUsed()
		at := luStored(t, env, key.ID)
		if at == nil || at.Before(lastRequest.Add(-time.Second)) || at.After(time.Now().Add(time.Second)) {
			t.Fatalf("last_used_at = %v after the flush, want about %s (the last request)", at, lastRequest)
		}

		// The flush emptied what was pending: another flush rewrites nothing.
		old := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Microsecond)
		env.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", old, key.ID)
		env.FlushLastUsed()
		if got := luStored(t, env, key.ID); got == nil || !got.Equal(old) {
			t.Errorf("last_used_at = %v after a flush with nothing pending, want %s kept", got, old)
		}
	})
}

// TestLastUsedNeverMovesBackwards: two servers flush the same key in any
// order; the newest time wins.
func TestLastUsedNeverMovesBackwards(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)
		_, key := env.IssueKey(org)

		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		server1 := lastused.New(env.DB.Client, log)
		server2 := lastused.New(testenv.Open(t, url).Client, log) // its own connections
		ctx := context.Background()

		base := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		for _, tc := range []struct {
			name   string
			t1, t2 time.Time
		}{
			{"a day apart", base.Add(-24 * time.Hour), base},
			{"a second apart", base, base.Add(time.Second)},
			{"whole second, then half", base, base.Add(500 * time.Millisecond)},
			{"microseconds apart", base.Add(123456 * time.Microsecond), base.Add(123457 * time.Microsecond)},
			{"fraction, then next second", base.Add(999999 * time.Microsecond), base.Add(time.Second)},
			{"fraction, then longer fraction", base.Add(100 * time.Millisecond), base.Add(100*time.Millisecond + 5*time.Microsecond)},
		} {
			for _, newerFirst := range []bool{true, false} {
				env.Exec("UPDATE api_keys SET last_used_at = NULL WHERE id = ?", key.ID)
				server1.Touch(key.ID, tc.t2, "", "")
				server2.Touch(key.ID, tc.t1, "", "")
				flushes := []*lastused.Recorder{server1, server2}
				if !newerFirst {
					flushes = []*lastused.Recorder{server2, server1}
				}
				for _, r := range flushes {
					if err := r.Flush(ctx); err != nil {
						t.Fatalf("flush: %v", err)
					}
				}
				if got := luStored(t, env, key.ID); got == nil || !got.Equal(tc.t2) {
					t.Errorf("%s, newer first %v: last_used_at = %v, want the newer %s", tc.name, newerFirst, got, tc.t2)
				}
				if got := luLastUsedAt(t, admin, luID(key.ID)); got == nil || !got.Equal(tc.t2) {
					t.Errorf("%s, newer first %v: lastUsedAt = %v, want %s", tc.name, newerFirst, got, tc.t2)
				}
			}
		}

		// A request through the real server now moves it forward again.
		env.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", base, key.ID)
		server2.Touch(key.ID, base.Add(-time.Minute), "", "")
		if err := server2.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := luStored(t, env, key.ID); got == nil || !got.Equal(base) {
			t.Errorf("an older flush moved last_used_at to %v, want %s kept", got, base)
		}
	})
}

func luID(id int) string { return strconv.Itoa(id) }
