package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCommandHelp: --help (and -h) on every command prints its synopsis
// and every flag, exits 0, and touches no database.
func TestCommandHelp(t *testing.T) {
	for _, tc := range []struct {
		command []string
		flags   []string
	}{
		{[]string{"serve"}, []string{"--addr", "--db", "--demo", "--cors-origin", "--public-url", "--trusted-proxy", "--key-rate-limit", "$IMPORTOPS_KEY_RATE_LIMIT", "--org-concurrency", "--metrics-addr"}},
		{[]string{"org", "create"}, []string{"--slug", "--name", "--plan", "--db"}},
		{[]string{"org", "set-plan"}, []string{"--org", "--plan", "--by", "--db"}},
		{[]string{"org", "list"}, []string{"--db"}},
		{[]string{"user", "create"}, []string{"--org", "--email", "--name", "--role", "--password-stdin", "--staff", "--db"}},
		{[]string{"user", "list"}, []string{"--org", "--staff", "--db"}},
		{[]string{"key", "issue"}, []string{"--org", "--name", "--scope", "--expires", "--by", "--db"}},
		{[]string{"key", "list"}, []string{"--org", "--status", "--db"}},
		{[]string{"key", "revoke"}, []string{"--org", "--prefix", "--token-stdin", "--by", "--reason", "--db"}},
		{[]string{"version"}, nil},
	} {
		for _, h := range []string{"--help", "-h"} {
			name := strings.Join(tc.command, " ") + " " + h
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				r := runIn(t, dir, nil, "", append(tc.command, h)...)
				if r.code != 0 || r.stderr != "" {
					t.Fatalf("want help and exit 0, got %s", r)
				}
				if !strings.HasPrefix(r.stdout, "usage: importops "+strings.Join(tc.command, " ")) {
					t.Errorf("want the synopsis first, got %q", r.stdout)
				}
				for _, f := range tc.flags {
					if !strings.Contains(r.stdout, f) {
						t.Errorf("help does not list %s:\n%s", f, r.stdout)
					}
				}
				if _, err := os.Stat(filepath.Join(dir, "importops.db")); err == nil {
					t.Errorf("asking for help created a database")
				}
			})
		}
	}
}

// TestVersion: version and --version print one line naming the build.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runIn(t, t.TempDir(), nil, "", args...)
		if r.code != 0 || r.stderr != "" || !regexp.MustCompile(`^importops \S+.*\n$`).MatchString(r.stdout) {
			t.Errorf("want one line \"importops VERSION …\", got %s", r)
		}
	}
	wantFailure(t, runIn(t, t.TempDir(), nil, "", "version", "--db", "x"), "no flag --db")
}

// TestFlagMistakes: the flag package's own errors reach people as
// sentences that say what to do.
func TestFlagMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"org", "list", "--bogus"}, []string{"there is no flag --bogus", "org list --help"}},
		{[]string{"org", "create", "--slug"}, []string{"--slug needs a value"}},
		{[]string{"serve", "--key-rate-limit", "lots"}, []string{`--key-rate-limit "lots" is not a valid value`}},
		{[]string{"serve", "--demo=maybe"}, []string{`--demo "maybe" is not a valid value`}},
		{[]string{"serve", "--org-concurrency", "-1"}, []string{"--org-concurrency must be 0 (sized to the database pool) or a number of requests, not -1"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runIn(t, t.TempDir(), nil, "", tc.args...)
			wantFailure(t, r, tc.want...)
			if strings.Contains(r.stderr, "flag provided") || strings.Contains(r.stderr, "parse error") {
				t.Errorf("the flag package's text reached the person: %s", r)
			}
		})
	}
}
