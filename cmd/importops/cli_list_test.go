package main_test

import (
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/internal/testenv"
)

// TestOrgAndUserList: support sees every organisation with its plan and
// active keys, and each one's team, in aligned columns.
func TestOrgAndUserList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		if r := mustRun(t, url, "", "org", "list"); r.stdout != "(none)\n" {
			t.Errorf("org list on an empty database: want (none), got %s", r)
		}
		keyFixtures(t, url)
		issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))

		lines := rowsOf(t, mustRun(t, url, "", "org", "list"))
		want := [][]string{{"SLUG", "NAME", "PLAN", "ACTIVE", "KEYS", "CREATED"}, {"acme", "Acme", "Imports", "pro", "1"}, {"corp", "Corp", "Cars", "core", "0"}}
		wantRows(t, "org list", lines, want)

		wantRows(t, "user list --org acme", rowsOf(t, mustRun(t, url, "", "user", "list", "--org", "acme")),
			[][]string{{"EMAIL", "NAME", "ROLE"}, {"ada@acme.test", "Ada", "Admin", "admin"}})
		wantRows(t, "user list --staff", rowsOf(t, mustRun(t, url, "", "user", "list", "--staff")),
			[][]string{{"EMAIL"}, {"sam@importops.test", "Sam", "Support", "support"}})

		wantFailure(t, run(t, url, "", "user", "list"), "--org", "--staff")
		wantFailure(t, run(t, url, "", "user", "list", "--org", "acme", "--staff"), "either")
		wantFailure(t, run(t, url, "", "user", "list", "--org", "nope"), "no organisation", "nope")
	})
}

// TestKeyList: an organisation's keys newest first, with statuses that
// agree with the API's, and --status filters.
func TestKeyList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		var prefixes []string
		for _, name := range []string{"Old sync", "Revoked one", "Current sync"} {
			tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", name, "--by", "sam@importops.test"))
			prefixes = append(prefixes, tok[:12])
		}
		db := testenv.Open(t, url)
		past := time.Now().Add(-time.Hour).UTC()
		q := "UPDATE api_keys SET expires_at = ? WHERE prefix = ?"
		q2 := "UPDATE api_keys SET revoked_at = ? WHERE prefix = ?"
		if db.Dialect == dialect.Postgres {
			q, q2 = "UPDATE api_keys SET expires_at = $1 WHERE prefix = $2", "UPDATE api_keys SET revoked_at = $1 WHERE prefix = $2"
		}
		if _, err := db.SQL.Exec(q, past, prefixes[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.Exec(q2, past, prefixes[1]); err != nil {
			t.Fatal(err)
		}

		all := rowsOf(t, mustRun(t, url, "", "key", "list", "--org", "acme"))
		wantRows(t, "key list", all, [][]string{
			{"PREFIX", "NAME", "STATUS", "SCOPES", "EXPIRES", "LAST", "USED", "CREATED", "BY"},
			{prefixes[2], "Current", "sync", "active", "vehicles.read"},
			{prefixes[1], "Revoked", "one", "revoked"},
			{prefixes[0], "Old", "sync", "expired"},
		})
		if !strings.Contains(all[1], "ImportOps support") {
			t.Errorf("a support-issued key: want CREATED BY ImportOps support, got %q", all[1])
		}
		for status, prefix := range map[string]string{"active": prefixes[2], "REVOKED": prefixes[1], "expired": prefixes[0]} {
			got := rowsOf(t, mustRun(t, url, "", "key", "list", "--org", "acme", "--status", status))
			if len(got) != 2 || !strings.HasPrefix(got[1], prefix) {
				t.Errorf("key list --status %s: want the header and %s, got %q", status, prefix, got)
			}
		}
		if r := mustRun(t, url, "", "key", "list", "--org", "corp"); r.stdout != "(none)\n" {
			t.Errorf("an organisation without keys: want (none), got %s", r)
		}
		wantFailure(t, run(t, url, "", "key", "list", "--org", "acme", "--status", "paused"), "active, expired or revoked", "paused")
		wantFailure(t, run(t, url, "", "key", "list"), "--org is required")
		wantFailure(t, run(t, url, "", "key", "list", "--org", "nope"), "no organisation", "nope")
	})
}

// rowsOf splits a list command's output into lines, checking it succeeded
// and wrote nothing to stderr.
func rowsOf(t *testing.T, r result) []string {
	t.Helper()
	if r.stderr != "" {
		t.Errorf("want nothing on stderr, got %s", r)
	}
	return strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
}

// wantRows checks that line i starts with the words of want[i], in order.
func wantRows(t *testing.T, what string, lines []string, want [][]string) {
	t.Helper()
	if len(lines) != len(want) {
		t.Fatalf("%s: want %d lines, got %d:\n%s", what, len(want), len(lines), strings.Join(lines, "\n"))
	}
	for i, words := range want {
		fields := strings.Fields(lines[i])
		if len(fields) < len(words) {
			t.Errorf("%s line %d: want %q first, got %q", what, i, words, lines[i])
			continue
		}
		for j, w := range words {
			if fields[j] != w {
				t.Errorf("%s line %d: want %q first, got %q", what, i, words, lines[i])
				break
			}
		}
	}
}
