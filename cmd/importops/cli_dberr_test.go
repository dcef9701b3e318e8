package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// TestDatabaseMistakes: a database that cannot be opened, or a refused
// value, is explained in a sentence, never in a driver's or ent's words.
func TestDatabaseMistakes(t *testing.T) {
	notADB := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notADB, []byte("not a database, just some notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing folder", []string{"org", "list", "--db", "sqlite:" + filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")}, []string{"cannot open the SQLite file", "folder exists"}},
		{"not a database", []string{"org", "list", "--db", "sqlite:" + notADB}, []string{"is not an SQLite database file"}},
		{"no such PostgreSQL database", []string{"org", "list", "--db", "postgres"}, []string{"has no database", "importops_no_such_db", "createdb"}},
		{"empty organisation name", []string{"org", "create", "--db", testenv.SQLiteURL(t), "--slug", "acme", "--name", "", "--plan", "pro"}, []string{"Name cannot be empty"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.args[3] == "postgres" {
				// A server that answers (or a skip when none does), asked
				// for a database it does not have.
				tc.args[3] = regexp.MustCompile(`/importops_test_\w+\?`).ReplaceAllString(testenv.PostgresURL(t), "/importops_no_such_db?")
			}
			r := runIn(t, t.TempDir(), nil, "", tc.args...)
			wantFailure(t, r, tc.want...)
			for _, libraryText := range []string{"ent:", "validator failed", "pragma", "pq:", "(14)", "(26)"} {
				if strings.Contains(r.stderr, libraryText) {
					t.Errorf("a library's text %q reached the person: %s", libraryText, r)
				}
			}
		})
	}
}
