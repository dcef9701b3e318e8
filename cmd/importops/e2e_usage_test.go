package main_test

import (
	"testing"
	"time"

	"importops/ent/apikey"
	"importops/ent/apikeyusage"
	"importops/internal/testenv"
	"importops/internal/usage"
)

// TestUsageSurvivesRestart: requests counted just before SIGTERM, well
// within the periodic flush, are written on the way out with the last
// use's address (from X-Forwarded-For behind --trusted-proxy) and agent,
// and the next server shows them and adds its own.
func TestUsageSurvivesRestart(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		c := cli{t, url}
		c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		c.run(goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
		c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
		tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Used", "--by", "sam@importops.test"))
		db := testenv.Open(t, url)
		key, err := db.APIKey.Query().Where(apikey.Prefix(tok[:12])).Only(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		stored := func() (requests, refused int64) {
			t.Helper()
			rows, err := db.APIKeyUsage.Query().Where(apikeyusage.APIKeyID(key.ID)).All(testenv.System())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				requests, refused = requests+r.Requests, refused+r.Refused
			}
			return requests, refused
		}

		srv := startServer(t, url, "--trusted-proxy", "127.0.0.1/32")
		started := time.Now()
		k := srv.env(t).Bearer(tok)
		k.Header().Set("X-Forwarded-For", "203.0.113.9")
		k.Header().Set("User-Agent", "Dealer sync/2.1")
		for range 3 {
			k.Do(`{ vehicles { totalCount } }`, nil).Decode(t, &struct{}{})
		}
		k.Do(`{ keys { totalCount } }`, nil).WantError(t, 200, "FORBIDDEN")
		if time.Since(started) < 20*time.Second {
			if req, ref := stored(); req != 0 || ref != 0 {
				t.Errorf("usage was written at once (%d, %d); it should wait for a flush", req, ref)
			}
		}
		srv.stop()
		if req, ref := stored(); req != 3 || ref != 1 {
			t.Fatalf("after SIGTERM the stored usage is %d served, %d refused; want 3 and 1", req, ref)
		}
		k2, err := db.APIKey.Get(testenv.System(), key.ID)
		if err != nil {
			t.Fatal(err)
		}
		if k2.LastUsedIP == nil || *k2.LastUsedIP != "203.0.113.9" || k2.LastUsedUserAgent == nil || *k2.LastUsedUserAgent != "Dealer sync/2.1" {
			t.Errorf("after SIGTERM the last use is stored as %v / %v, want 203.0.113.9 / Dealer sync/2.1", k2.LastUsedIP, k2.LastUsedUserAgent)
		}

		srv = startServer(t, url)
		srv.env(t).Bearer(tok).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &struct{}{})
		srv.stop()
		srv = startServer(t, url)
		var d struct {
			Key struct {
				LastUsedIp, LastUsedUserAgent *string
				Usage                         []usage.DayCounts
			}
		}
		srv.env(t).SignIn("ada@acme.test", goodPassword).Do(`query($id: ID!) { key(id: $id) { lastUsedIp lastUsedUserAgent usage(days: 2) { date requests refused } } }`,
			testenv.Vars{"id": key.ID}).Decode(t, &d)
		today := d.Key.Usage[len(d.Key.Usage)-1]
		if len(d.Key.Usage) != 2 || today.Date != usage.Day(time.Now()) || today.Requests != 4 || today.Refused != 1 {
			t.Errorf("after two restarts usage = %+v, want today with 4 served and 1 refused", d.Key.Usage)
		}
		// The latest use came to a server trusting no proxy: the loopback.
		if d.Key.LastUsedIp == nil || *d.Key.LastUsedIp != "127.0.0.1" {
			t.Errorf("lastUsedIp = %v, want the latest use's 127.0.0.1", d.Key.LastUsedIp)
		}
		srv.stop()
	})
}
