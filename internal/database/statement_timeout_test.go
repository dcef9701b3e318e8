package database_test

import (
	"context"
	"testing"
	"time"

	"importops/internal/apierr"
	"importops/internal/database"
	"importops/internal/testenv"
)

// Every serving connection stops a statement after 10 seconds, on the
// database itself, unless the URL sets statement_timeout.
func TestPostgresStatementTimeout(t *testing.T) {
	_, conn := pgConn(t)
	var got string
	if err := conn.QueryRowContext(context.Background(), "SHOW statement_timeout").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "10s" {
		t.Errorf("statement_timeout = %q, want 10s", got)
	}
}

// A URL's own statement_timeout wins for serving, and a statement that
// runs into it is a TIMEOUT for the caller (not INTERNAL, nor UNAVAILABLE).
// The migration does not run with it: here every statement longer than
// a millisecond is stopped (inspecting the schema takes longer), yet the
// database opens and migrates.
func TestPostgresStatementTimeoutStopsTheStatement(t *testing.T) {
	db := testenv.Open(t, testenv.PostgresURL(t)+"&statement_timeout=1")
	start := time.Now()
	_, err := db.SQL.ExecContext(context.Background(), "SELECT pg_sleep(5)")
	if err == nil {
		t.Fatal("pg_sleep(5) ran to its end despite statement_timeout=1")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the statement was stopped after %s", took)
	}
	if !database.IsTimeout(err) {
		t.Errorf("IsTimeout(%v) = false", err)
	}
	if e, internal := apierr.Public(err, "req"); internal || e.Code != apierr.Timeout {
		t.Errorf("the caller gets %s %q, want TIMEOUT", e.Code, e.Message)
	}
	// The pool still works afterwards.
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("after a stopped statement: %v", err)
	}
}
