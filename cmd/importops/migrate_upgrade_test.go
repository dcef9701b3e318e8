package main_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// legacyTokens are the tokens of a key in each testdata database, made by
// the version before versioned migrations (and used nowhere else).
var legacyTokens = map[string]string{
	"sqlite":   "iops_Gnw2YyzTrEn7GGuqTXkooEnii7bdduzx1fDW6w",
	"postgres": "iops_homKY0n6FGAfci1j1pXOPFj33ozDyRpS17QIwP",
}

// TestUpgradeFromBeforeMigrations: a database that the previous version
// created (ent's automatic migration, before versioned migrations), with
// an organisation, its admin and member, 25 vehicles, keys (one revoked,
// one support-issued with write access) and audit entries, is upgraded by
// the binary with nothing lost: the old keys still authenticate, the
// admin still signs in, and every row is where it was.
func TestUpgradeFromBeforeMigrations(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		kind := "sqlite"
		if strings.HasPrefix(url, "postgres") {
			kind = "postgres"
		}
		restore(t, url, kind)

		r := mustRun(t, url, "", "migrate", "--dry-run")
		if !strings.Contains(r.stdout, "Would apply") || !strings.Contains(r.stdout, "_baseline.sql (recorded only") {
			t.Errorf("dry run: want the baseline recorded only and the rest listed, got %s", r)
		}
		if hasTable(t, url, "importops_migrations") {
			t.Fatalf("the dry run changed the database")
		}
		r = mustRun(t, url, "", "migrate")
		if !strings.Contains(r.stdout, "Applied") {
			t.Errorf("migrate: want Applied, got %s", r)
		}
		if r := mustRun(t, url, "", "migrate"); !strings.Contains(r.stdout, "up to date") {
			t.Errorf("a second migrate: want up to date, got %s", r)
		}

		srv := startServer(t, url)
		env := srv.env(t)
		var vehicles struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(legacyTokens[kind]).Do(`{ vehicles(first: 5) { totalCount } }`, nil).Decode(t, &vehicles)
		if vehicles.Vehicles.TotalCount != 25 {
			t.Errorf("vehicles after the upgrade: %d, want the 25 there were", vehicles.Vehicles.TotalCount)
		}
		var keys struct {
			Keys struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Name, Status     string
						RevocationReason *string
						RevokedBy        *struct{ Name string }
					}
				}
			}
			AuditLog struct{ TotalCount int }
		}
		admin := env.SignIn("admin@demo.test", "importops-demo")
		admin.Do(`{ keys(first: 10) { totalCount edges { node { name status revocationReason revokedBy { name } } } }
		             auditLog(first: 1) { totalCount } }`, nil).Decode(t, &keys)
		got := map[string]string{}
		for _, e := range keys.Keys.Edges {
			got[e.Node.Name] += e.Node.Status + " "
			// The migration gives keys revoked before it reason REVOKED
			// (who revoked them was never recorded), and no other key a
			// reason.
			reason := e.Node.RevocationReason
			if (e.Node.Status == "REVOKED") != (reason != nil && *reason == "REVOKED") || (reason != nil && e.Node.Status != "REVOKED") || e.Node.RevokedBy != nil {
				t.Errorf("%q after the upgrade: status %s, revocationReason %v, revokedBy %v; want REVOKED for the revoked key only, and no revokedBy",
					e.Node.Name, e.Node.Status, reason, e.Node.RevokedBy)
			}
		}
		if keys.Keys.TotalCount != 4 || got["Old reporting script"] != "REVOKED " || got["Website inventory sync"] != "ACTIVE " ||
			got["ERP sync"] != "ACTIVE ACTIVE " || keys.AuditLog.TotalCount != 5 {
			t.Errorf("after the upgrade: %d keys %v and %d audit entries; want 4 (one revoked) and 5", keys.Keys.TotalCount, got, keys.AuditLog.TotalCount)
		}
		srv.stop()
	})
}

// restore loads testdata/before-migrations-KIND.sql, a dump of a database
// the previous version made, into the empty database at url. The one
// known key's expiry is moved a year ahead so the test does not age.
func restore(t *testing.T, url, kind string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("testdata", "before-migrations-"+kind+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	driver, dsn := "postgres", url
	expire := "UPDATE public.api_keys SET expires_at = $1 WHERE prefix = $2"
	if kind == "sqlite" {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")
		expire = "UPDATE api_keys SET expires_at = ? WHERE prefix = ?"
	}
	db, err := sql.Open(driver, dsn) // its own pool: the dump changes session settings
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatalf("restoring %s: %v", kind, err)
	}
	if _, err := db.Exec(expire, time.Now().AddDate(1, 0, 0).UTC(), legacyTokens[kind][:12]); err != nil {
		t.Fatal(err)
	}
}

func hasTable(t *testing.T, url, name string) bool {
	t.Helper()
	driver, dsn, q := "postgres", url, "SELECT count(*) FROM pg_tables WHERE tablename = $1"
	if strings.HasPrefix(url, "sqlite:") {
		driver, dsn, q = "sqlite", "file:"+strings.TrimPrefix(url, "sqlite:"), "SELECT count(*) FROM sqlite_master WHERE name = ?"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}
