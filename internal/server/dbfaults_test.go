package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/fairshare"
	"importops/internal/testenv"
)

// Database faults: PostgreSQL reached through a proxy of the test's own
// (testenv.DBProxy), so that an outage can be staged without stopping the
// server other tests share. These run on PostgreSQL only: an embedded
// SQLite file has no connection to lose.

// dbfGuard bounds how long any one request may take during a fault. It is
// a guard against a hang, not a timing assertion.
const dbfGuard = 15 * time.Second

const (
	dbfVehiclesQuery = `{ vehicles(first: 10) { totalCount } }`
	dbfKeysQuery     = `{ keys(first: 100) { totalCount } }`
	dbfCreateKey     = `mutation($name: String!) { createApiKey(input: {name: $name, expiry: THREE_MONTHS}) { token apiKey { id } } }`
	dbfSignIn        = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`
)

// dbfSetup serves a fresh PostgreSQL database through a proxy, with a Pro
// organisation, its admin signed in and a key of its own.
func dbfSetup(t *testing.T) (env *testenv.Env, proxy *testenv.DBProxy, direct string, admin, key *testenv.Client) {
	t.Helper()
	direct = testenv.PostgresURL(t)
	proxy, viaProxy := testenv.NewDBProxy(t, direct)
	// The tests hold up to 20 requests of one admin inside their
	// transactions at once: more than one organisation may run normally.
	env = testenv.New(t, viaProxy, testenv.Options{FairShare: &fairshare.Limits{PerOrg: 64, PerCaller: 64, Wait: dbfGuard, Queue: 64}})
	// Cut before the test server closes: it waits for its requests, and a
	// request stuck on the database would otherwise stall the cleanup.
	t.Cleanup(proxy.Cut)
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	token, _ := env.IssueKey(org)
	admin = env.SignIn("ada@acme.test", testenv.Password).Guarded(dbfGuard)
	key = env.Bearer(token).Guarded(dbfGuard)
	return env, proxy, direct, admin, key
}

// dbfWantUnavailable fails unless r is HTTP 503 with code UNAVAILABLE and a
// message for people: it says what is wrong and to try again, and gives
// away nothing of the database's address or the driver's error.
func dbfWantUnavailable(t *testing.T, what string, r *testenv.Response) {
	t.Helper()
	if r.Status != http.StatusServiceUnavailable || r.Code() != "UNAVAILABLE" {
		t.Errorf("%s: want HTTP 503 with code UNAVAILABLE, got %d %s", what, r.Status, r.Raw)
		return
	}
	msg := strings.ToLower(r.Message())
	if !strings.Contains(msg, "database") || !strings.Contains(msg, "try again") {
		t.Errorf("%s: message %q does not say that the database is unreachable and to try again", what, r.Message())
	}
	for _, leak := range []string{"dial", "tcp", "127.0.0.1", "refused", "pq:", "EOF", "sql"} {
		if strings.Contains(r.Raw, leak) {
			t.Errorf("%s: the response reveals %q: %s", what, leak, r.Raw)
		}
	}
}

// dbfWantHealth fails unless /healthz answers status.
func dbfWantHealth(t *testing.T, env *testenv.Env, status int) {
	t.Helper()
	if got, body := env.Health(dbfGuard); got != status {
		t.Errorf("/healthz: %d %q, want %d", got, body, status)
	}
}

// dbfWantNoPanic fails if the server logged a panic or an internal error.
func dbfWantNoPanic(t *testing.T, env *testenv.Env) {
	t.Helper()
	logs := env.Logs()
	for _, bad := range []string{"panic", "resolver error", "authenticating a request"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the server logged %q:\n%s", bad, logs)
		}
	}
}

// While PostgreSQL is unreachable every request answers 503 UNAVAILABLE
// promptly, and the server recovers by itself when it is back.
func TestDBFaultsOutageAndRecovery(t *testing.T) {
	env, proxy, _, admin, key := dbfSetup(t)
	var v struct{ Vehicles struct{ TotalCount int } }
	key.Do(dbfVehiclesQuery, nil).Decode(t, &v)
	admin.Do(dbfKeysQuery, nil).Decode(t, &struct{}{})
	keysBefore, auditBefore := env.KeyCount(), env.AuditCount()

	proxy.Cut()
	// Several rounds: the first meets the pool's dead connections, the
	// later ones find the database refusing new ones.
	for round := range 3 {
		dbfWantHealth(t, env, http.StatusServiceUnavailable)
		dbfWantUnavailable(t, fmt.Sprintf("round %d, a key reading vehicles", round), key.Do(dbfVehiclesQuery, nil))
		dbfWantUnavailable(t, fmt.Sprintf("round %d, the admin listing keys", round), admin.Do(dbfKeysQuery, nil))
		dbfWantUnavailable(t, fmt.Sprintf("round %d, the admin creating a key", round),
			admin.Do(dbfCreateKey, testenv.Vars{"name": "During the outage"}))
		dbfWantUnavailable(t, fmt.Sprintf("round %d, signing in", round),
			env.Anonymous().Guarded(dbfGuard).Do(dbfSignIn, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}))
	}

	// Back, without restarting anything.
	proxy.Restore()
	dbfWantHealth(t, env, http.StatusOK)
	key.Do(dbfVehiclesQuery, nil).Decode(t, &v)
	admin.Do(dbfKeysQuery, nil).Decode(t, &struct{}{}) // the session survived
	if keys, audit := env.KeyCount(), env.AuditCount(); keys != keysBefore || audit != auditBefore {
		t.Errorf("the outage wrote: keys %d → %d, audit entries %d → %d", keysBefore, keys, auditBefore, audit)
	}
	var ck struct{ CreateApiKey struct{ Token string } }
	admin.Do(dbfCreateKey, testenv.Vars{"name": "After the outage"}).Decode(t, &ck)
	env.Bearer(ck.CreateApiKey.Token).Guarded(dbfGuard).Do(dbfVehiclesQuery, nil).Decode(t, &v)
	env.SignIn("ada@acme.test", testenv.Password)
	dbfWantNoPanic(t, env)
}

// A database that accepts connections but never answers (a firewall that
// drops packets, a frozen host) fails requests in seconds: they must not
// wait for it forever.
func TestDBFaultsBlackHole(t *testing.T) {
	env, proxy, _, admin, key := dbfSetup(t)
	key.Do(dbfVehiclesQuery, nil).Decode(t, &struct{}{})

	proxy.BlackHole()
	// Concurrently, so that the test waits for one connection timeout,
	// not one per request.
	var wg sync.WaitGroup
	var health int
	var byKey, byAdmin *testenv.Response
	wg.Go(func() { health, _ = env.Health(dbfGuard) })
	wg.Go(func() { byKey = key.Do(dbfVehiclesQuery, nil) })
	wg.Go(func() { byAdmin = admin.Do(dbfKeysQuery, nil) })
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if health != http.StatusServiceUnavailable {
		t.Errorf("/healthz with the database not answering: %d, want 503", health)
	}
	dbfWantUnavailable(t, "a key reading vehicles", byKey)
	dbfWantUnavailable(t, "the admin listing keys", byAdmin)

	proxy.Restore()
	dbfWantHealth(t, env, http.StatusOK)
	key.Do(dbfVehiclesQuery, nil).Decode(t, &struct{}{})
	admin.Do(dbfKeysQuery, nil).Decode(t, &struct{}{})
	dbfWantNoPanic(t, env)
}

// PostgreSQL ending the server's sessions (a restart, a failover, an
// operator's pg_terminate_backend) while the server is idle: the pooled
// connections are dead, and the server reconnects. At worst a request
// gets UNAVAILABLE; never INTERNAL, never a panic, and the ones after it
// succeed.
func TestDBFaultsTerminatedSessions(t *testing.T) {
	url := testenv.PostgresURL(t)
	env := testenv.New(t, url)
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	token, _ := env.IssueKey(org)
	admin := env.SignIn("ada@acme.test", testenv.Password).Guarded(dbfGuard)
	key := env.Bearer(token).Guarded(dbfGuard)

	requests := []struct {
		what string
		do   func() *testenv.Response
	}{
		{"a key reading vehicles", func() *testenv.Response { return key.Do(dbfVehiclesQuery, nil) }},
		{"the admin listing keys", func() *testenv.Response { return admin.Do(dbfKeysQuery, nil) }},
		{"the admin creating a key", func() *testenv.Response {
			return admin.Do(dbfCreateKey, testenv.Vars{"name": "After a restart"})
		}},
	}
	for round := range 3 {
		// Fill the pool with several connections, as traffic would.
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				key.Do(dbfVehiclesQuery, nil)
				admin.Do(dbfKeysQuery, nil)
			})
		}
		wg.Wait()
		if n := testenv.TerminateBackends(t, url); n == 0 {
			t.Fatalf("round %d: the server held no connection to terminate", round)
		}

		// The next requests succeed, or at worst say UNAVAILABLE.
		unavailable := 0
		for range 2 {
			for _, req := range requests {
				r := req.do()
				switch {
				case r.Status == 200 && len(r.Errors) == 0:
				case r.Code() == "UNAVAILABLE":
					dbfWantUnavailable(t, req.what, r)
					unavailable++
				default:
					t.Errorf("round %d, %s after the sessions were terminated: want success or UNAVAILABLE, got %d %s",
						round, req.what, r.Status, r.Raw)
				}
			}
		}
		if unavailable > 0 {
			t.Logf("round %d: %d requests answered UNAVAILABLE", round, unavailable)
		}
		// And then the database is back in full.
		dbfWantHealth(t, env, http.StatusOK)
		for _, req := range requests {
			if r := req.do(); r.Status != 200 || len(r.Errors) > 0 {
				t.Errorf("round %d, %s once reconnected: %d %s", round, req.what, r.Status, r.Raw)
			}
		}
	}
	dbfWantNoPanic(t, env)
}

// The checksum lets the server refuse a mistyped or made-up token without
// asking the database: with the database away it still answers 401, not
// 503.
func TestDBFaultsForgedTokensNeedNoDatabase(t *testing.T) {
	env, proxy, _, _, key := dbfSetup(t)
	real := key.Header().Get("Authorization")[len("Bearer "):]
	proxy.Cut()
	for name, tok := range map[string]string{
		"mistyped":  real[:20] + flip(real[20]) + real[21:],
		"malformed": "iops_short",
	} {
		resp := env.Bearer(tok).Guarded(dbfGuard).Do(`{ vehicles { totalCount } }`, nil)
		resp.WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		if !strings.Contains(resp.Message(), "malformed") {
			t.Errorf("%s token: message %q, want it to say the key is malformed", name, resp.Message())
		}
	}
	// The real key does need the database, and says so.
	dbfWantUnavailable(t, "a real key", key.Do(`{ vehicles { totalCount } }`, nil))
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
