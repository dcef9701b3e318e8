package database_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"importops/internal/database"
	"importops/internal/testenv"
)

// pgConn opens a migrated PostgreSQL database and returns one connection
// of its pool, so that statements and settings can be observed on it.
func pgConn(t *testing.T) (*database.DB, *sql.Conn) {
	t.Helper()
	db := testenv.Open(t, testenv.PostgresURL(t))
	conn, err := db.SQL.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return db, conn
}

func prepared(t *testing.T, conn *sql.Conn) int {
	t.Helper()
	var n int
	// No arguments: the simple protocol, which prepares nothing itself.
	if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM pg_prepared_statements").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Every execution is planned for its actual values: a generic plan cannot
// tell a small organisation from a large one (see openPostgres).
func TestPostgresPlansEachExecution(t *testing.T) {
	_, conn := pgConn(t)
	var mode string
	if err := conn.QueryRowContext(context.Background(), "SHOW plan_cache_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode = %q, want force_custom_plan", mode)
	}
}

// A query with arguments is prepared once per connection and reused, and
// the connection keeps at most a bounded number of statements.
func TestPostgresStatementCache(t *testing.T) {
	_, conn := pgConn(t)
	ctx := context.Background()
	before := prepared(t, conn)
	for i := range 3 {
		var got int
		if err := conn.QueryRowContext(ctx, "SELECT $1::int + 1", i).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("SELECT %d + 1 = %d, %v", i, got, err)
		}
	}
	if n := prepared(t, conn); n != before+1 {
		t.Errorf("after one query run 3 times, %d statements are prepared on the connection (was %d), want one more", n, before)
	}

	for i := range 150 {
		var got int
		q := fmt.Sprintf("SELECT $1::int + %d", i)
		if err := conn.QueryRowContext(ctx, q, 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("%s = %d, %v", q, got, err)
		}
	}
	if n := prepared(t, conn); n > 100 {
		t.Errorf("after 151 distinct queries, %d statements are prepared on the connection, want at most 100", n)
	}
	// An evicted statement is prepared again when it comes back.
	var got int
	if err := conn.QueryRowContext(ctx, "SELECT $1::int + 1", 41).Scan(&got); err != nil || got != 42 {
		t.Fatalf("SELECT 41 + 1 = %d, %v", got, err)
	}
}

// Arguments keep their meaning through prepared statements: JSON given as
// []byte (as ent passes a key's scopes), times, NULLs, and a refused
// statement is reported and leaves the connection usable.
func TestPostgresStatementArguments(t *testing.T) {
	_, conn := pgConn(t)
	ctx := context.Background()
	var scopes, missing sql.NullString
	err := conn.QueryRowContext(ctx, "SELECT ($1::jsonb)->>0, $2::text", []byte(`["vehicles.read"]`), nil).Scan(&scopes, &missing)
	if err != nil || scopes.String != "vehicles.read" || missing.Valid {
		t.Fatalf("jsonb from []byte: %v %v, %v", scopes, missing, err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT 1 / $1::int", 0); err == nil {
		t.Fatal("division by zero succeeded")
	}
	if _, err := conn.ExecContext(ctx, "SELECT 1 / $1::int", 1); err != nil {
		t.Fatalf("the same statement after an error: %v", err)
	}
}

// A statement marked GenericPlans runs with PostgreSQL's default plan
// cache mode, the next unmarked one with custom plans again, and a marked
// one in a transaction with custom plans (a SET there would be undone by
// a rollback).
func TestPostgresGenericPlansWhenMarked(t *testing.T) {
	_, conn := pgConn(t)
	ctx := context.Background()
	mode := func(ctx context.Context, q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) string {
		var m string
		if err := q.QueryRowContext(ctx, "SELECT current_setting('plan_cache_mode') WHERE $1::int = 1", 1).Scan(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := mode(database.GenericPlans(ctx), conn); m != "auto" {
		t.Errorf("a marked statement ran with %s, want auto", m)
	}
	if m := mode(ctx, conn); m != "force_custom_plan" {
		t.Errorf("the next unmarked statement ran with %s, want force_custom_plan", m)
	}
	mode(database.GenericPlans(ctx), conn) // leave the session in auto
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m := mode(database.GenericPlans(ctx), tx); m != "force_custom_plan" {
		t.Errorf("a marked statement in a transaction ran with %s, want force_custom_plan", m)
	}
	tx.Rollback()
	if m := mode(ctx, conn); m != "force_custom_plan" {
		t.Errorf("after a rollback an unmarked statement ran with %s", m)
	}
}
