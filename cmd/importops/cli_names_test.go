package main_test

import (
	"strings"
	"testing"

	"importops/internal/testenv"
)

// TestCLIRefusesInvisibleNames: org create, user create and key issue
// refuse names with invisible, direction-changing or private-use
// characters, or with nothing visible, in one line naming the field and the
// problem, and write nothing.
func TestCLIRefusesInvisibleNames(t *testing.T) {
	names := []struct{ name, value, says string }{
		{"right-to-left override", "Backup\u202Epxe.exe", "U+202E"},
		{"only a zero-width space", "\u200B", "U+200B"},
		{"line separator", "Acme\u2028Imports", "U+2028"},
		{"byte order mark", "\uFEFFAcme", "U+FEFF"},
		{"private use", "Acme \uE000", "private-use"},
	}
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		for _, tc := range names {
			for what, args := range map[string][]string{
				"org create":  {"org", "create", "--slug", "spoof", "--name", tc.value, "--plan", "pro"},
				"user create": {"user", "create", "--staff", "--email", "spoof@importops.test", "--name", tc.value},
				"key issue":   {"key", "issue", "--org", "acme", "--name", tc.value, "--by", "sam@importops.test"},
			} {
				t.Run(what+" "+tc.name, func(t *testing.T) {
					before := countRows(t, db)
					r := run(t, url, "", args...)
					wantFailure(t, r, "Name cannot", tc.says)
					if !strings.HasPrefix(r.stderr, "importops: Name cannot") {
						t.Errorf("want the reason as a sentence about the name, got %s", r)
					}
					wantNothingWritten(t, db, before)
				})
			}
		}
	})
}
