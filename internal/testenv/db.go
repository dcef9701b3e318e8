// Package testenv is what the tests share: a fresh database of each kind,
// the real HTTP handler on a loopback port, and a small GraphQL client that
// keeps cookies like a browser. It is imported only by tests.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/lib/pq"

	"importops/internal/database"
)

// PostgresAdminURL is the server the PostgreSQL tests create their
// databases on; IMPORTOPS_TEST_POSTGRES overrides it.
func PostgresAdminURL() string {
	if u := os.Getenv("IMPORTOPS_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// ForEachDB runs fn once on a fresh SQLite database and once on a fresh
// PostgreSQL database. When PostgreSQL does not answer, that half is
// skipped with a message, or fails if IMPORTOPS_REQUIRE_POSTGRES=1.
func ForEachDB(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

// SQLiteURL returns the URL of a new SQLite file, removed after the test.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// PostgresURL creates a uniquely named PostgreSQL database, dropped after
// the test, and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("postgres", PostgresAdminURL())
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("IMPORTOPS_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (IMPORTOPS_REQUIRE_POSTGRES=1) but does not answer at %s: %v", PostgresAdminURL(), err)
		}
		t.Skipf("SKIPPING the PostgreSQL half: no PostgreSQL answers at %s (%v)", PostgresAdminURL(), err)
	}
	name := "importops_test_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
	})
	return strings.Replace(PostgresAdminURL(), "/postgres?", "/"+name+"?", 1)
}

// Open opens and migrates the database at url, closed after the test.
func Open(t testing.TB, url string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
