package database_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"importops/internal/database"
	"importops/internal/testenv"
)

// TestMigrationsMatchSchema is the drift check: a database built by the
// migration files alone is exactly what the ent schema describes. A
// schema change committed without its migration (make generate writes
// it) fails here, on both dialects.
func TestMigrationsMatchSchema(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db := testenv.Open(t, url)
		var plan bytes.Buffer
		if err := db.Schema.WriteTo(context.Background(), &plan); err != nil {
			t.Fatal(err)
		}
		if stmts := changes(plan.String()); len(stmts) > 0 {
			t.Errorf("the ent schema differs from what the migration files build; run make generate (MIGRATION=name) and commit ent/migrations:\n%s",
				strings.Join(stmts, "\n"))
		}
	})
}

// changes drops what WriteTo prints around an empty plan.
func changes(plan string) []string {
	var out []string
	for _, line := range strings.Split(plan, "\n") {
		switch l := strings.TrimSpace(line); {
		case l == "", l == "BEGIN;", l == "COMMIT;", strings.HasPrefix(l, "--"):
		default:
			out = append(out, l)
		}
	}
	return out
}

// TestMigrateIsIdempotent: a second run applies nothing, and a dry run
// on an empty database lists every file and creates nothing.
func TestMigrateIsIdempotent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := database.Connect(url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		planned, err := db.Migrate(ctx, database.MigrateOptions{DryRun: true})
		if err != nil || len(planned) == 0 {
			t.Fatalf("dry run on an empty database: %d planned, %v", len(planned), err)
		}
		if tables := tableCount(t, db); tables != 0 {
			t.Fatalf("a dry run created %d tables", tables)
		}
		applied, err := db.Migrate(ctx, database.MigrateOptions{})
		if err != nil || len(applied) != len(planned) {
			t.Fatalf("applied %d of %d planned: %v", len(applied), len(planned), err)
		}
		again, err := db.Migrate(ctx, database.MigrateOptions{})
		if err != nil || len(again) != 0 {
			t.Fatalf("a second run applied %d: %v", len(again), err)
		}
	})
}

// TestForeignDatabaseRefused: --db pointing at someone else's database
// creates nothing there, unless Init says to.
func TestForeignDatabaseRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := database.Connect(url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.SQL.Exec("CREATE TABLE customers (id integer PRIMARY KEY, name text)"); err != nil {
			t.Fatal(err)
		}
		_, err = database.Open(ctx, url)
		if !errors.Is(err, database.ErrForeignDatabase) || !strings.Contains(err.Error(), "customers") || !strings.Contains(err.Error(), "--init") {
			t.Fatalf("opening a foreign database: want ErrForeignDatabase naming customers and --init, got %v", err)
		}
		if n := tableCount(t, db); n != 1 {
			t.Fatalf("the refused database now has %d tables, want only customers", n)
		}
		if _, err := db.Migrate(ctx, database.MigrateOptions{Init: true}); err != nil {
			t.Fatalf("with Init: %v", err)
		}
		if _, err := database.Open(ctx, url); err != nil {
			t.Fatalf("after Init the database opens: %v", err)
		}
	})
}

func tableCount(t *testing.T, db *database.DB) int {
	t.Helper()
	q := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if db.Dialect == dialect.Postgres {
		q = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
	}
	var n int
	if err := db.SQL.QueryRow(q).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return n
}
