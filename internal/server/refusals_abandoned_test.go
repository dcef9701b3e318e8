package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// TestAbandonedRequestIsOneInfoLine: a client that goes away while its
// request waits on the database (here, on a lock an administrator holds)
// leaves one INFO line for the request, marked abandoned with status 499,
// and no ERROR line for each of its cancelled resolvers.
func TestAbandonedRequestIsOneInfoLine(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	env := testenv.New(t, dbURL)
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org, "vehicles.read")
	env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)

	// An administrator's transaction holds the vehicles table.
	locker, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	tx, err := locker.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("LOCK TABLE vehicles IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	var q strings.Builder
	q.WriteString("{")
	for i := range 20 {
		fmt.Fprintf(&q, " v%d: vehicles(first: 1) { edges { node { vin } } }", i)
	}
	q.WriteString(" }")
	body, _ := json.Marshal(map[string]any{"query": q.String()})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, env.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()

	// Wait until the request's queries wait on the lock, then go away.
	waitFor(t, "the request's queries to wait on the lock", func() bool {
		var n int
		locker.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		return n > 0
	})
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the request finished although it waited on the lock")
	}
	waitFor(t, "the request's log line", func() bool { return strings.Contains(env.Logs(), `"abandoned":true`) })
	tx.Rollback()

	wantNoErrorLogs(t, env)
	var abandoned []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(env.Logs()), "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) == nil && l["msg"] == "request" && l["abandoned"] == true {
			abandoned = append(abandoned, l)
		}
	}
	if len(abandoned) != 1 {
		t.Fatalf("%d request lines marked abandoned, want 1:\n%s", len(abandoned), env.Logs())
	}
	if l := abandoned[0]; l["level"] != "INFO" || l["status"] != float64(499) || l["path"] != "/graphql" {
		t.Errorf("abandoned request's line: %v, want INFO with status 499", l)
	}

	// The server is none the worse: the same query answers once the lock is gone.
	env.Bearer(tok).Guarded(30*time.Second).Do(q.String(), nil).Decode(t, new(map[string]any))
}

// waitFor polls cond until it holds, failing the test after a generous
// guard (a hang, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
