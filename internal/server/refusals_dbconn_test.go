package server_test

import (
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/internal/testenv"
)

// TestDatabaseNotAcceptingConnections: with the database refusing new
// connections (ALTER DATABASE … ALLOW_CONNECTIONS false) and its sessions
// ended, as an operator taking it down for maintenance would, requests
// answer 503 UNAVAILABLE, not 500 INTERNAL, /healthz says 503, and no ERROR
// is logged; once it accepts connections again, both recover.
func TestDatabaseNotAcceptingConnections(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	env := testenv.New(t, dbURL)
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org, "vehicles.read")
	client := env.Bearer(tok).Guarded(30 * time.Second)
	query := `{ vehicles(first: 1) { totalCount } }`
	client.Do(query, nil).Decode(t, new(map[string]any))

	u, _ := url.Parse(dbURL)
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("postgres", testenv.PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	allow := func(yes bool) {
		t.Helper()
		v := "false"
		if yes {
			v = "true"
		}
		if _, err := admin.Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + v); err != nil {
			t.Fatalf("ALTER DATABASE %s ALLOW_CONNECTIONS %s: %v", name, v, err)
		}
	}
	allow(false)
	t.Cleanup(func() { allow(true); admin.Close() })
	testenv.TerminateBackends(t, dbURL)

	for i := range 3 {
		r := client.Do(query, nil)
		r.WantError(t, http.StatusServiceUnavailable, "UNAVAILABLE")
		if i == 0 && !strings.Contains(r.Message(), "try again") {
			t.Errorf("message %q does not say to try again", r.Message())
		}
	}
	if status, body := env.Health(30 * time.Second); status != http.StatusServiceUnavailable {
		t.Errorf("/healthz with the database refusing connections: %d %q, want 503", status, body)
	}
	wantNoErrorLogs(t, env)

	allow(true)
	client.Do(query, nil).Decode(t, new(map[string]any))
	if status, body := env.Health(30 * time.Second); status != http.StatusOK {
		t.Errorf("/healthz after the database accepts connections again: %d %q", status, body)
	}
}
