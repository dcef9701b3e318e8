package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/internal/testenv"
)

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"--help"}} {
		t.Run(strings.Join(append([]string{"importops"}, args...), " "), func(t *testing.T) {
			dir := t.TempDir()
			r := runIn(t, dir, nil, "", args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("want usage and exit 0, got %s", r)
			}
			for _, cmd := range []string{"usage:", "importops serve", "importops org create", "importops org set-plan",
				"importops user create", "--staff", "importops key issue", "--db URL"} {
				if !strings.Contains(r.stdout, cmd) {
					t.Errorf("usage does not mention %q:\n%s", cmd, r.stdout)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "importops.db")); err == nil {
				t.Errorf("printing the usage created a database")
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"org", "delete", "--org", "acme"}, {"key"}, {"org"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := t.TempDir()
			r := runIn(t, dir, nil, "", args...)
			wantFailure(t, r, "unknown command", args[0])
			if _, err := os.Stat(filepath.Join(dir, "importops.db")); err == nil {
				t.Errorf("an unknown command created a database")
			}
		})
	}
}

// TestDatabaseChoice: --db wins over DATABASE_URL, which wins over the
// default sqlite:importops.db in the working directory.
func TestDatabaseChoice(t *testing.T) {
	dir := t.TempDir()
	envDB := filepath.Join(t.TempDir(), "from-env.db")
	flagDB := filepath.Join(t.TempDir(), "from-flag.db")

	create := func(slug string, extraEnv []string, extraArgs ...string) {
		t.Helper()
		args := append([]string{"org", "create", "--slug", slug, "--name", "Org " + slug, "--plan", "pro"}, extraArgs...)
		if r := runIn(t, dir, extraEnv, "", args...); r.code != 0 {
			t.Fatalf("want success, got %s", r)
		}
	}
	create("by-default", nil)
	create("by-env", []string{"DATABASE_URL=sqlite:" + envDB})
	create("by-flag", []string{"DATABASE_URL=sqlite:" + envDB}, "--db", "sqlite:"+flagDB)

	for path, want := range map[string]string{
		filepath.Join(dir, "importops.db"): "by-default",
		envDB:                              "by-env",
		flagDB:                             "by-flag",
	} {
		db := testenv.Open(t, "sqlite:"+path)
		orgs, err := db.Organization.Query().All(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 1 || orgs[0].Slug != want || orgs[0].Plan != organization.PlanPRO {
			t.Errorf("%s holds %v, want only %s", path, orgs, want)
		}
	}

	r := runIn(t, dir, nil, "", "org", "create", "--slug", "x", "--name", "X", "--plan", "pro", "--db", "mysql://localhost/x")
	wantFailure(t, r, "not supported")
}
