package main_test

import (
	"fmt"
	"testing"
	"time"

	"importops/internal/testenv"
	"importops/internal/token"
)

// TestSoak runs mixed traffic for IMPORTOPS_SOAK_SECONDS against a real
// `importops serve` on PostgreSQL: valid keys of two organisations, keys
// revoked and expired before the run, forged and malformed keys, keys the
// admin creates and revokes during the run, right and wrong sign-ins, CSRF
// failures and bad input, from 8 workers (see testenv.Soaker for the mix
// and what each request must get). Then it checks that nothing answered
// 5xx, that no revoked or expired key was accepted, that the server's
// memory and threads came back down once the load stopped, that the log
// holds a well-formed line for every request and no secret, and that the
// database holds no token.
func TestSoak(t *testing.T) {
	url := testenv.PostgresURL(t)
	const adminPw = "Ada's soak password, long enough"
	c := cli{t, url}
	c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	c.run("", "org", "create", "--slug", "bolt", "--name", "Bolt Motors", "--plan", "pro")
	c.run(adminPw+"\n", "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
	issue := func(org string, scopes ...string) string {
		args := []string{"key", "issue", "--org", org, "--name", "Soak fixture", "--by", "sam@importops.test"}
		for _, s := range scopes {
			args = append(args, "--scope", s)
		}
		return issuedToken(t, run(t, url, "", args...))
	}
	setup := testenv.SoakSetup{
		AdminEmail:    "ada@acme.test",
		AdminPassword: adminPw,
		KeysA:         []string{issue("acme"), issue("acme")},
		WriteKeyA:     issue("acme", "vehicles.read", "vehicles.write"),
		KeysB:         []string{issue("bolt"), issue("bolt")},
		Revoked:       []string{issue("acme"), issue("acme")},
		Expired:       []string{issue("acme"), issue("bolt")},
	}
	writeB := issue("bolt", "vehicles.read", "vehicles.write")

	// Expire two keys in the database, as time would.
	db := testenv.Open(t, url)
	for _, tok := range setup.Expired {
		res, err := db.SQL.Exec(`UPDATE api_keys SET expires_at = $1 WHERE prefix = $2`, time.Now().Add(-time.Hour).UTC(), token.Prefix(tok))
		if n, _ := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("expiring key %s: %v (%d rows)", token.Prefix(tok), err, n)
		}
	}

	// 8 workers share a few keys: about 50 requests a second per key here,
	// more on a faster machine, at one key's default rate limit. The soak
	// is about the server, so the limit is off.
	srv := startServer(t, url, "--key-rate-limit", "0")
	setup.URL = srv.URL
	env := srv.env(t)

	// The admin revokes two keys; each organisation gets vehicles.
	ada := env.SignIn("ada@acme.test", adminPw)
	var kl keyList
	ada.Do(keysQuery, nil).Decode(t, &kl)
	ids := map[string]string{}
	for _, e := range kl.Keys.Edges {
		ids[e.Node.Prefix] = e.Node.ID
	}
	for _, tok := range setup.Revoked {
		ada.Do(revokeKeyMutation, testenv.Vars{"id": ids[token.Prefix(tok)]}).Decode(t, &struct{}{})
	}
	for i := range 3 {
		for _, w := range []struct {
			tok  string
			vins *[]string
			vin  string
		}{{setup.WriteKeyA, &setup.VINsA, fmt.Sprintf("1HGCM82633A%06d", i)}, {writeB, &setup.VINsB, fmt.Sprintf("WVWZZZ1JZXW%06d", i)}} {
			env.Bearer(w.tok).Do(createVehicleMutat, testenv.Vars{"vin": w.vin}).Decode(t, &struct{}{})
			*w.vins = append(*w.vins, w.vin)
		}
	}
	keysBefore := countRows(t, db).Keys

	s, err := testenv.NewSoaker(setup)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pid := srv.cmd.Process.Pid

	// Warm up with the same mix, so that pools, caches and the heap reach
	// their working size, then measure from outside.
	warm := s.Run(2*time.Second, 20_000)
	if warm.Violations > 0 || warm.ServerErrors > 0 {
		t.Fatalf("warm-up: %s\n%q", warm, warm.Examples)
	}
	s.Close()
	time.Sleep(time.Second) // let the warm-up's connections close
	base := readProcStatus(t, pid)
	t.Logf("after warm-up (%d requests): %s", warm.Requests, base)

	d := soakSeconds(t)
	rep := s.Run(d, 2_000_000)
	during := readProcStatus(t, pid)
	t.Logf("soak of %s: %s", d, rep)
	if rep.ServerErrors > 0 {
		t.Errorf("%d responses were 5xx", rep.ServerErrors)
	}
	if rep.Violations > 0 {
		t.Errorf("%d violations, first ones:\n%q", rep.Violations, rep.Examples)
	}
	for _, op := range []string{"read A", "read B", "one vehicle", "revoked key", "expired key", "wrong checksum",
		"never issued", "malformed", "churn key", "admin create/revoke", "CSRF failure", "bad input", "sign-in", "wrong sign-in"} {
		if rep.Ops[op] == 0 {
			t.Errorf("the mix sent no %q request", op)
		}
	}
	if rep.KeysRevoked == 0 {
		t.Errorf("no key was revoked during the run: the revocation check proved nothing")
	}

	// Once the load stops and its connections close, the server's memory
	// and threads come back within generous bounds of the warm-up's. The
	// loop only waits for them to settle; it asserts no duration.
	s.Close()
	rssLimit := 2*base.RSS + 20<<20
	threadLimit := 2*base.Threads + 8
	var after procStatus
	for range 60 {
		time.Sleep(250 * time.Millisecond)
		if after = readProcStatus(t, pid); after.RSS <= rssLimit && after.Threads <= threadLimit {
			break
		}
	}
	t.Logf("at the end of the load: %s; after it: %s", during, after)
	if after.RSS > rssLimit {
		t.Errorf("the server's RSS grew from %s after warm-up to %s after the load (limit %s)", mib(base.RSS), mib(after.RSS), mib(rssLimit))
	}
	if after.Threads > threadLimit {
		t.Errorf("the server's threads grew from %d after warm-up to %d after the load (limit %d)", base.Threads, after.Threads, threadLimit)
	}

	srv.stop()

	// The log: one well-formed line per request, and no secret.
	secrets := append(s.Secrets(),
		testenv.Secret{What: "the admin's password", Value: adminPw},
		testenv.Secret{What: "a token", Value: writeB},
		testenv.Secret{What: "the admin's session cookie", Value: ada.Cookie("importops_session")},
		testenv.Secret{What: "the admin's CSRF cookie", Value: ada.Cookie("importops_csrf")})
	logs := srv.logs.String()
	testenv.CheckRequestLog(t, logs, s.Requests())
	testenv.WantNoSecrets(t, "the server log", logs, secrets)

	// The database: only successful creations wrote keys; it holds the
	// digest of every token and none of the tokens.
	if got, want := countRows(t, db).Keys, keysBefore+s.Created(); got != want {
		t.Errorf("%d keys in the database, want %d (%d before, %d created during the run)", got, want, keysBefore, s.Created())
	}
	dump := testenv.DumpDB(t, db)
	testenv.WantNoSecrets(t, "the database", dump, secrets)
	runs := testenv.Runs(dump)
	issued := append([]string{writeB, setup.WriteKeyA}, setup.KeysA...)
	issued = append(issued, setup.KeysB...)
	issued = append(issued, setup.Revoked...)
	issued = append(issued, setup.Expired...)
	for _, tok := range issued {
		if !runs[token.Digest(tok)] {
			t.Errorf("the database dump lacks the digest of key %s: the search looked in the wrong place", token.Prefix(tok))
		}
	}
}
