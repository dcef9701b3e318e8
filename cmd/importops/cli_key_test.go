package main_test

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/auditentry"
	"importops/ent/user"
	"importops/internal/testenv"
)

var tokenShape = regexp.MustCompile(`^iops_[0-9A-Za-z]{38}$`)

// keyFixtures creates what `key issue` needs: acme on Pro, corp on Core,
// an admin of acme and a support member.
func keyFixtures(t *testing.T, url string) {
	t.Helper()
	mustRun(t, url, "", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	mustRun(t, url, "", "org", "create", "--slug", "corp", "--name", "Corp Cars", "--plan", "core")
	mustRun(t, url, goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test",
		"--name", "Ada Admin", "--role", "admin", "--password-stdin")
	mustRun(t, url, "", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
}

// issuedToken checks that a successful `key issue` printed exactly one
// line on stdout, the token, and kept the token out of stderr.
func issuedToken(t *testing.T, r result) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("want success, got %s", r)
	}
	if !strings.HasSuffix(r.stdout, "\n") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("want exactly one line on stdout, got %s", r)
	}
	tok := strings.TrimSuffix(r.stdout, "\n")
	if len(tok) != 43 || !tokenShape.MatchString(tok) {
		t.Fatalf("token %q: want iops_ and 38 base62 characters, 43 in all", tok)
	}
	if strings.Contains(r.stderr, tok) || strings.Contains(r.stderr, tok[12:]) {
		t.Errorf("the token appears on stderr too: %s", r)
	}
	if !strings.Contains(r.stderr, tok[:12]) {
		t.Errorf("want stderr to name the key prefix %s, got %q", tok[:12], r.stderr)
	}
	return tok
}

func TestKeyIssue(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		sam, err := db.User.Query().Where(user.Email("sam@importops.test")).Only(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		find := func(t *testing.T, tok string) (*ent.APIKey, *ent.AuditEntry) {
			t.Helper()
			sum := sha256.Sum256([]byte(tok))
			k, err := db.APIKey.Query().Where(apikey.Prefix(tok[:12])).Only(testenv.System())
			if err != nil {
				t.Fatalf("the key with prefix %s: %v", tok[:12], err)
			}
			if k.Digest == tok || !strings.EqualFold(k.Digest, hex.EncodeToString(sum[:])) {
				t.Errorf("stored digest %q: want the SHA-256 of the token, not the token", k.Digest)
			}
			entries, err := db.AuditEntry.Query().Where(auditentry.APIKeyID(k.ID)).All(testenv.System())
			if err != nil || len(entries) != 1 {
				t.Fatalf("audit entries for the key: %v, %v; want exactly one", entries, err)
			}
			return k, entries[0]
		}
		wantSupportIssued := func(t *testing.T, k *ent.APIKey, e *ent.AuditEntry) {
			t.Helper()
			if k.CreatedByID != nil {
				t.Errorf("createdBy = %d, want null for a key issued by support", *k.CreatedByID)
			}
			if e.Action != "api_key.created" || e.ActorName != "Sam Support" || e.ActorID == nil || *e.ActorID != sam.ID {
				t.Errorf("audit entry = %+v, want api_key.created by Sam Support (user %d)", e, sam.ID)
			}
			if k.LastUsedAt != nil || k.RevokedAt != nil {
				t.Errorf("new key = %+v, want never used and not revoked", k)
			}
		}

		t.Run("default scope and expiry", func(t *testing.T) {
			before := time.Now()
			tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Website sync", "--by", "sam@importops.test"))
			after := time.Now()
			k, e := find(t, tok)
			wantSupportIssued(t, k, e)
			if k.Name != "Website sync" || !slices.Equal(k.Scopes, []string{"vehicles.read"}) {
				t.Errorf("key = %q %v, want \"Website sync\" with vehicles.read", k.Name, k.Scopes)
			}
			// One calendar year from creation.
			lo, hi := before.AddDate(1, 0, 0).Add(-time.Second), after.AddDate(1, 0, 0).Add(time.Second)
			if k.ExpiresAt.Before(lo) || k.ExpiresAt.After(hi) {
				t.Errorf("expiresAt = %s, want one year from now (%s)", k.ExpiresAt, before.AddDate(1, 0, 0))
			}
		})

		t.Run("write scope and expiry date", func(t *testing.T) {
			// A date a few months ahead, like 2027-06-30 in the contract.
			day := time.Now().UTC().AddDate(0, 7, 0)
			date := day.Format(time.DateOnly)
			r := run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync",
				"--scope", "vehicles.read", "--scope", "vehicles.write", "--expires", date, "--by", "sam@importops.test")
			tok := issuedToken(t, r)
			// It says the day support chose, not the next one.
			if want := "expiring at the end of " + date + " (UTC)."; !strings.Contains(r.stderr, want) {
				t.Errorf("stderr = %q, want it to say %q", r.stderr, want)
			}
			k, e := find(t, tok)
			wantSupportIssued(t, k, e)
			got := slices.Clone(k.Scopes)
			slices.Sort(got)
			if !slices.Equal(got, []string{"vehicles.read", "vehicles.write"}) {
				t.Errorf("scopes = %v, want vehicles.read and vehicles.write", k.Scopes)
			}
			// The key works through the whole of that day (UTC), and its
			// expiry is still on that day: 23:59:59Z, not midnight after it.
			end := time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, time.UTC)
			if !k.ExpiresAt.Equal(end) {
				t.Errorf("--expires %s gave expiresAt %s, want the last second of that day, %s", date, k.ExpiresAt.UTC(), end)
			}
		})

		t.Run("write scope only", func(t *testing.T) {
			tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Writer",
				"--scope", "vehicles.write", "--by", "SAM@importops.test"))
			k, _ := find(t, tok)
			if !slices.Equal(k.Scopes, []string{"vehicles.write"}) {
				t.Errorf("scopes = %v, want vehicles.write", k.Scopes)
			}
		})

		t.Run("every token differs", func(t *testing.T) {
			a := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Same name", "--by", "sam@importops.test"))
			b := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Same name", "--by", "sam@importops.test"))
			if a == b || a[:12] == b[:12] {
				t.Errorf("two keys got tokens %s and %s", a, b)
			}
		})
	})
}

func TestKeyIssueRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		now := time.Now().UTC()
		issue := func(more ...string) []string {
			return append([]string{"key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"}, more...)
		}
		for _, tc := range []struct {
			name string
			args []string
			want []string
		}{
			{"unknown scope", issue("--scope", "vehicles.read", "--scope", "vehicles.delete"), []string{"vehicles.delete"}},
			{"empty scope", issue("--scope", ""), []string{"scope"}},
			{"by a team member, not staff", []string{"key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "ada@acme.test"}, []string{"ada@acme.test", "support"}},
			{"by nobody known", []string{"key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "who@importops.test"}, []string{"who@importops.test"}},
			{"expiry in the past", issue("--expires", now.AddDate(0, 0, -2).Format(time.DateOnly)), []string{"future"}},
			{"expiry more than two years ahead", issue("--expires", now.AddDate(2, 1, 0).Format(time.DateOnly)), []string{"two years"}},
			{"expiry not a date", issue("--expires", "next week"), []string{"next week"}},
			{"core plan", []string{"key", "issue", "--org", "corp", "--name", "ERP sync", "--by", "sam@importops.test"}, []string{"pro"}},
			{"unknown org", []string{"key", "issue", "--org", "nope", "--name", "ERP sync", "--by", "sam@importops.test"}, []string{"nope"}},
			{"blank name", []string{"key", "issue", "--org", "acme", "--name", "   ", "--by", "sam@importops.test"}, []string{"name"}},
			{"name too long", []string{"key", "issue", "--org", "acme", "--name", strings.Repeat("n", 101), "--by", "sam@importops.test"}, []string{"100"}},
			{"control character in the name", []string{"key", "issue", "--org", "acme", "--name", "ERP\tsync", "--by", "sam@importops.test"}, []string{"control"}},
			{"missing --by", []string{"key", "issue", "--org", "acme", "--name", "ERP sync"}, []string{"--by"}},
			{"missing --org", []string{"key", "issue", "--name", "ERP sync", "--by", "sam@importops.test"}, []string{"--org"}},
			{"missing --name", []string{"key", "issue", "--org", "acme", "--by", "sam@importops.test"}, []string{"--name"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, db)
				wantFailure(t, run(t, url, "", tc.args...), tc.want...)
				wantNothingWritten(t, db, before)
			})
		}
	})
}
