package main_test

import (
	"database/sql"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"importops/internal/testenv"
)

// Keys verified from memory (internal/keycache, docs/revocation.md): in
// steady state no key is read from the database, and every change that
// affects verification still binds the very next request on every
// process sharing the database, whichever process made it.

const (
	rotateNowMutation  = `mutation($id: ID!) { rotateApiKey(id: $id, overlap: NONE) { token } }`
	allowedIPsMutation = `mutation($id: ID!, $cidrs: [String!]!) { setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { id } }`
)

// TestKeysFromMemory: once a key has been seen, its requests read no key
// from the database.
func TestKeysFromMemory(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))
		s := startMemoryServer(t, url)
		s.warm(t, tok)
		before := keyLookups(t, s.metrics)
		const n = 50
		for range n {
			var vl vehicleList
			s.env(t).Bearer(tok).Do(vehiclesQuery, nil).Decode(t, &vl)
		}
		after := keyLookups(t, s.metrics)
		if after.database != before.database {
			t.Errorf("%d keys read from the database in steady state, want 0", after.database-before.database)
		}
		if after.memory-before.memory != n {
			t.Errorf("%d keys found in memory, want %d", after.memory-before.memory, n)
		}
		s.stop()
	})
}

// TestKeyChangesBindEveryProcess: two servers keep a key in memory; a
// change made by another process (the command line) or through one of
// them binds the next request on both: revocation, plan change both
// ways, rotation without overlap, allowed addresses, a leaked-key report.
// On SQLite the processes share the file.
func TestKeyChangesBindEveryProcess(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		servers := []memoryServer{startMemoryServer(t, url), startMemoryServer(t, url)}
		warmAll := func(tok string) {
			for _, s := range servers {
				s.warm(t, tok)
			}
		}
		refusedAll := func(what, tok string, status int, code, message string) {
			t.Helper()
			for i, s := range servers {
				r := s.env(t).Bearer(tok).Do(vehiclesQuery, nil)
				if r.Status != status || r.Code() != code || !strings.Contains(r.Message(), message) {
					t.Errorf("after %s, server %d: want %d %s %q, got %d %s", what, i, status, code, message, r.Status, r.Raw)
				}
			}
		}

		tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Revoked by support", "--by", "sam@importops.test"))
		warmAll(tok)
		mustRun(t, url, "", "key", "revoke", "--org", "acme", "--prefix", tok[:12], "--by", "sam@importops.test")
		refusedAll("key revoke", tok, http.StatusUnauthorized, "UNAUTHENTICATED", "revoked")

		tok = issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Plan-bound", "--by", "sam@importops.test"))
		warmAll(tok)
		mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "core")
		refusedAll("org set-plan core", tok, http.StatusForbidden, "PLAN_REQUIRED", "Pro plan")
		mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "pro")
		warmAll(tok) // served again, and from memory again

		admin := servers[0].env(t).SignIn("ada@acme.test", goodPassword)
		ck := replicaCreateKey(t, servers[0].server, "Rotated")
		warmAll(ck.CreateApiKey.Token)
		var rot struct{ RotateApiKey struct{ Token string } }
		admin.Do(rotateNowMutation, testenv.Vars{"id": ck.CreateApiKey.ApiKey.ID}).Decode(t, &rot)
		refusedAll("rotateApiKey NONE", ck.CreateApiKey.Token, http.StatusUnauthorized, "UNAUTHENTICATED", "rotated")
		warmAll(rot.RotateApiKey.Token)

		ck = replicaCreateKey(t, servers[0].server, "Office only")
		warmAll(ck.CreateApiKey.Token)
		admin.Do(allowedIPsMutation, testenv.Vars{"id": ck.CreateApiKey.ApiKey.ID, "cidrs": []string{"203.0.113.0/24"}}).Decode(t, &struct{}{})
		refusedAll("setApiKeyAllowedIps", ck.CreateApiKey.Token, http.StatusForbidden, "FORBIDDEN", "127.0.0.1")

		tok = issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Leaked", "--by", "sam@importops.test"))
		warmAll(tok)
		report := `[{"token": "` + tok + `", "type": "importops_api_key", "url": "https://example.test/leak", "source": "test"}]`
		resp, err := http.Post(servers[0].URL+"/api/leaked-keys", "application/json", strings.NewReader(report))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("reporting a leaked key: %d", resp.StatusCode)
		}
		refusedAll("a leaked-key report", tok, http.StatusUnauthorized, "UNAUTHENTICATED", "revoked")

		for _, s := range servers {
			s.stop()
		}
	})
}

// TestReplicasListenerCut: a replica whose listening connection is
// terminated stops trusting its memory at once: a revocation made while
// it reconnects is refused on its next request, and once it has caught
// up it answers from memory again.
func TestReplicasListenerCut(t *testing.T) {
	url := testenv.PostgresURL(t)
	keyFixtures(t, url)
	a, b := startMemoryServer(t, url), startMemoryServer(t, url)
	victim := replicaCreateKey(t, a.server, "Revoked while B reconnects")
	other := replicaCreateKey(t, a.server, "Still valid")
	b.warm(t, victim.CreateApiKey.Token)
	b.warm(t, other.CreateApiKey.Token)

	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("terminated %d listening connections, want 2 (one per replica)", n)
	}
	admin := a.env(t).SignIn("ada@acme.test", goodPassword)
	admin.Do(revokeKeyMutation, testenv.Vars{"id": victim.CreateApiKey.ApiKey.ID}).Decode(t, &struct{}{})
	b.wantRefused(t, victim.CreateApiKey.Token, http.StatusUnauthorized, "UNAUTHENTICATED")

	waitLog(t, b.server, "lost the connection listening for key invalidations")
	b.warm(t, other.CreateApiKey.Token) // caught up: from memory again
	b.wantRefused(t, victim.CreateApiKey.Token, http.StatusUnauthorized, "UNAUTHENTICATED")
	a.stop()
	b.stop()
}

// TestReplicasPausedPastLease: a replica stopped (SIGSTOP) cannot
// acknowledge a revocation, which returns once the replica's lease has
// lapsed; resumed, the replica refuses the key on its very next request.
func TestReplicasPausedPastLease(t *testing.T) {
	url := testenv.PostgresURL(t)
	keyFixtures(t, url)
	a, b := startMemoryServer(t, url), startMemoryServer(t, url)
	ck := replicaCreateKey(t, a.server, "Revoked while B sleeps")
	b.warm(t, ck.CreateApiKey.Token)

	if err := b.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			b.cmd.Process.Signal(syscall.SIGCONT)
		}
	}()
	admin := a.env(t).SignIn("ada@acme.test", goodPassword)
	began := time.Now()
	admin.Do(revokeKeyMutation, testenv.Vars{"id": ck.CreateApiKey.ApiKey.ID}).Decode(t, &struct{}{})
	t.Logf("revokeApiKey returned after %v, B paused", time.Since(began))
	if err := b.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	resumed = true
	b.wantRefused(t, ck.CreateApiKey.Token, http.StatusUnauthorized, "UNAUTHENTICATED")
	a.stop()
	b.stop()
}

// waitLog polls a server's log for text, with a deadline.
func waitLog(t *testing.T, s *server, text string) {
	t.Helper()
	deadline := time.Now().Add(cmdTimeout)
	for !strings.Contains(s.logs.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never logged %q; log:\n%s", text, s.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
