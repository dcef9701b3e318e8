package main_test

import (
	"testing"
	"time"

	"importops/ent/apikey"
	"importops/internal/testenv"
)

// TestLastUsedSurvivesRestart: a use made just before SIGTERM, well within
// the periodic flush interval, is written on the way out and shown by the
// next server on the same database.
func TestLastUsedSurvivesRestart(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		c := cli{t, url}
		c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		c.run(goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
		c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
		used := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Used", "--by", "sam@importops.test"))
		unused := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Unused", "--by", "sam@importops.test"))
		db := testenv.Open(t, url)
		lastUsed := func(tok string) *time.Time {
			t.Helper()
			k, err := db.APIKey.Query().Where(apikey.Prefix(tok[:12])).Only(testenv.System())
			if err != nil {
				t.Fatal(err)
			}
			return k.LastUsedAt
		}

		srv := startServer(t, url)
		started := time.Now()
		before := time.Now()
		srv.env(t).Bearer(used).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &struct{}{})
		after := time.Now()
		// Not written on every request: nothing is in the database yet,
		// unless the periodic flush (30 s after start) has already run.
		if time.Since(started) < 20*time.Second {
			if at := lastUsed(used); at != nil {
				t.Errorf("last used was written at once (%s); it should wait for a flush", at)
			}
		}
		srv.stop()

		if at := lastUsed(used); at == nil {
			t.Fatalf("after SIGTERM the key's last use was not flushed to the database")
		}
		if at := lastUsed(unused); at != nil {
			t.Errorf("the unused key got lastUsedAt %s", at)
		}

		// A new server on the same database shows it.
		srv = startServer(t, url)
		ada := srv.env(t).SignIn("ada@acme.test", goodPassword)
		var kl keyList
		ada.Do(keysQuery, nil).Decode(t, &kl)
		seen := 0
		for _, e := range kl.Keys.Edges {
			k := e.Node
			switch k.Prefix {
			case used[:12]:
				seen++
				if k.LastUsedAt == nil {
					t.Fatalf("after the restart, the used key shows no lastUsedAt")
				}
				at, err := time.Parse(time.RFC3339Nano, *k.LastUsedAt)
				if err != nil {
					t.Fatalf("lastUsedAt %q: %v", *k.LastUsedAt, err)
				}
				if at.Before(before.Add(-time.Second)) || at.After(after.Add(time.Second)) {
					t.Errorf("lastUsedAt = %s, want the time of the request (%s to %s)", at, before, after)
				}
			case unused[:12]:
				seen++
				if k.LastUsedAt != nil {
					t.Errorf("the unused key shows lastUsedAt %s", *k.LastUsedAt)
				}
			}
		}
		if seen != 2 {
			t.Errorf("the keys list shows %d of the 2 keys: %+v", seen, kl)
		}
		srv.stop()
	})
}
