package main_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// The real binary losing its PostgreSQL database: `importops serve` talks
// to it through a proxy of the test's own (testenv.DBProxy), so that an
// outage can be staged without stopping the server other tests share.
// (The same faults through the handler in-process, and the atomicity of a
// burst of creations cut half-way: internal/server/dbfaults*_test.go.)

// faultGuard bounds how long a request may take during a fault: a guard
// against a hang, not a timing assertion.
const faultGuard = 15 * time.Second

// faultSetup serves a PostgreSQL database with acme on Pro, its admin and
// a key, through a proxy, and returns the server, the proxy, the admin
// signed in and the key's client, each guarded against hangs.
func faultSetup(t *testing.T) (*server, *testenv.DBProxy, *testenv.Client, *testenv.Client) {
	t.Helper()
	url := testenv.PostgresURL(t)
	c := cli{t, url}
	c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	c.run(goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
	token := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Integration", "--by", "sam@importops.test"))

	proxy, viaProxy := testenv.NewDBProxy(t, url)
	srv := startServer(t, viaProxy)
	env := srv.env(t)
	admin := env.SignIn("ada@acme.test", goodPassword).Guarded(faultGuard)
	key := env.Bearer(token).Guarded(faultGuard)
	var vl vehicleList
	key.Do(vehiclesQuery, nil).Decode(t, &vl)
	admin.Do(keysQuery, nil).Decode(t, &keyList{})
	return srv, proxy, admin, key
}

// faultHealth is /healthz's status, within the guard.
func faultHealth(t *testing.T, s *server) int {
	t.Helper()
	status, _ := s.env(t).Health(faultGuard)
	return status
}

// faultWantUnavailable fails unless r is HTTP 503, code UNAVAILABLE, with
// a message that says the database is unreachable.
func faultWantUnavailable(t *testing.T, what string, r *testenv.Response) {
	t.Helper()
	if r.Status != http.StatusServiceUnavailable || r.Code() != "UNAVAILABLE" {
		t.Errorf("%s with the database away: want HTTP 503 with code UNAVAILABLE, got %d %s", what, r.Status, r.Raw)
		return
	}
	if msg := strings.ToLower(r.Message()); !strings.Contains(msg, "database") || !strings.Contains(msg, "try again") {
		t.Errorf("%s: message %q does not say that the database is unreachable and to try again", what, r.Message())
	}
}

// faultWantCalmLog fails if the server logged a panic or an internal
// error: an outage is not a bug.
func faultWantCalmLog(t *testing.T, s *server) {
	t.Helper()
	logs := s.logs.String()
	for _, bad := range []string{"panic", `"status":500`, "resolver error", "authenticating a request"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the server logged %q:\n%s", bad, logs)
		}
	}
}

// TestServeDatabaseOutage: `importops serve` keeps running while its
// database is away, answers 503 UNAVAILABLE (and /healthz 503), and
// serves again by itself once the database is back.
func TestServeDatabaseOutage(t *testing.T) {
	srv, proxy, admin, key := faultSetup(t)

	proxy.Cut()
	for range 2 {
		if got := faultHealth(t, srv); got != http.StatusServiceUnavailable {
			t.Errorf("/healthz with the database away: %d, want 503", got)
		}
		faultWantUnavailable(t, "a key reading vehicles", key.Do(vehiclesQuery, nil))
		faultWantUnavailable(t, "the admin listing keys", admin.Do(keysQuery, nil))
		faultWantUnavailable(t, "the admin creating a key", admin.Do(createKeyMutation, testenv.Vars{"name": "During the outage"}))
	}
	select {
	case <-srv.done:
		t.Fatalf("the server exited (%v) during the outage", srv.exit)
	default:
	}

	proxy.Restore()
	if got := faultHealth(t, srv); got != http.StatusOK {
		t.Errorf("/healthz once the database is back: %d, want 200", got)
	}
	var vl vehicleList
	key.Do(vehiclesQuery, nil).Decode(t, &vl)
	var kl keyList
	admin.Do(keysQuery, nil).Decode(t, &kl)
	if len(kl.Keys.Edges) != 1 {
		t.Errorf("after the outage the admin lists %d keys, want the one issued before it", len(kl.Keys.Edges))
	}
	var ck createdKey
	admin.Do(createKeyMutation, testenv.Vars{"name": "After the outage"}).Decode(t, &ck)
	srv.stop()
	faultWantCalmLog(t, srv)
}

// TestServeStopsWithDatabaseAway: SIGTERM while the database is away, with
// a use of a key still to be flushed, ends the server with exit status 0
// rather than waiting for a database that does not come back; the lost
// flush is logged.
func TestServeStopsWithDatabaseAway(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(*testenv.DBProxy)
	}{
		{"refusing connections", (*testenv.DBProxy).Cut},
		{"not answering", (*testenv.DBProxy).BlackHole},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, proxy, _, key := faultSetup(t)
			var vl vehicleList
			key.Do(vehiclesQuery, nil).Decode(t, &vl) // a use to flush

			tc.fault(proxy)
			srv.stop() // exit status 0 within stopTimeout, or fails
			if logs := srv.logs.String(); !strings.Contains(logs, "flushing last-used times") {
				t.Errorf("the final flush failed without a word in the log:\n%s", logs)
			}
		})
	}
}
