package main_test

import (
	"strings"
	"testing"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/auditentry"
	"importops/ent/organization"
	"importops/internal/database"
	"importops/internal/testenv"
	"importops/internal/token"
)

// revokeFixtures is keyFixtures with two read keys of acme issued by
// support, and a server running on the database with ada signed in.
func revokeFixtures(t *testing.T, url string) (db *database.DB, ada *testenv.Client, env *testenv.Env, erp, web string) {
	t.Helper()
	keyFixtures(t, url)
	erp = issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))
	web = issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Website sync", "--by", "sam@importops.test"))
	srv := startServer(t, url)
	env = srv.env(t)
	return testenv.Open(t, url), env.SignIn("ada@acme.test", goodPassword), env, erp, web
}

// revokedKey is a key as the admin's GraphQL API shows it after a
// revocation, with the newest audit entry.
type revokedKey struct {
	Status           string
	RevocationReason *string
	RevokedBy        *struct{ Name string }
	Action, Actor    string
}

func revokedView(t *testing.T, ada *testenv.Client, prefix string) revokedKey {
	t.Helper()
	var d struct {
		Keys struct {
			Edges []struct {
				Node struct {
					Prefix, Status   string
					RevocationReason *string
					RevokedBy        *struct{ Name string }
				}
			}
		}
		AuditLog struct {
			Edges []struct {
				Node struct {
					Action, ActorName string
					ApiKey            *struct{ Prefix string }
				}
			}
		}
	}
	ada.Do(`{ keys(first: 20) { edges { node { prefix status revocationReason revokedBy { name } } } }
	          auditLog(first: 1) { edges { node { action actorName apiKey { prefix } } } } }`, nil).Decode(t, &d)
	var v revokedKey
	for _, e := range d.Keys.Edges {
		if e.Node.Prefix == prefix {
			v.Status, v.RevocationReason, v.RevokedBy = e.Node.Status, e.Node.RevocationReason, e.Node.RevokedBy
		}
	}
	if len(d.AuditLog.Edges) == 1 {
		if n := d.AuditLog.Edges[0].Node; n.ApiKey != nil && n.ApiKey.Prefix == prefix {
			v.Action, v.Actor = n.Action, n.ActorName
		}
	}
	return v
}

// wantRevokedBySupport: the key is refused at once by the running server,
// the API shows reason and no revokedBy, and the newest audit entry names
// Sam Support with action.
func wantRevokedBySupport(t *testing.T, env *testenv.Env, ada *testenv.Client, tok, reason, action string) {
	t.Helper()
	env.Bearer(tok).Do(vehiclesQuery, nil).WantError(t, 401, "UNAUTHENTICATED")
	v := revokedView(t, ada, tok[:12])
	if v.Status != "REVOKED" || v.RevocationReason == nil || *v.RevocationReason != reason || v.RevokedBy != nil {
		t.Errorf("key %s after revocation by support: %+v, want REVOKED with reason %s and no revokedBy", tok[:12], v, reason)
	}
	if v.Action != action || v.Actor != "Sam Support" {
		t.Errorf("newest audit entry: %q by %q, want %s by Sam Support about %s", v.Action, v.Actor, action, tok[:12])
	}
}

// wantRevokedLine checks a successful revocation's stdout: one line naming
// the key, its prefix and organisation, and never the token.
func wantRevokedLine(t *testing.T, r result, tok, name string) {
	t.Helper()
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("want one line on stdout and exit 0, got %s", r)
	}
	for _, w := range []string{"Revoked", name, tok[:12], "acme"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout %q does not mention %q", r.stdout, w)
		}
	}
	if strings.Contains(r.stdout+r.stderr, tok[12:]) {
		t.Errorf("the token was printed: %s", r)
	}
}

func TestKeyRevokeByPrefix(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db, ada, env, erp, web := revokeFixtures(t, url)
		env.Bearer(erp).Do(vehiclesQuery, nil).Decode(t, &struct{}{})

		r := run(t, url, "", "key", "revoke", "--org", "acme", "--prefix", erp[:12], "--by", "sam@importops.test")
		wantRevokedLine(t, r, erp, "ERP sync")
		wantRevokedBySupport(t, env, ada, erp, "REVOKED", "api_key.revoked")
		env.Bearer(web).Do(vehiclesQuery, nil).Decode(t, &struct{}{}) // the other key still works

		// Again: it says so, exits 0 and records nothing.
		before := countRows(t, db)
		r = mustRun(t, url, "", "key", "revoke", "--org", "acme", "--prefix", erp[:12], "--by", "sam@importops.test")
		if !strings.Contains(r.stdout, "already revoked") || !strings.Contains(r.stdout, erp[:12]) {
			t.Errorf("revoking again: want it to say the key was already revoked, got %s", r)
		}
		wantNothingWritten(t, db, before)
	})
}

func TestKeyRevokeByPrefixRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))
		db := testenv.Open(t, url)
		p := tok[:12]
		revoke := func(more ...string) []string { return append([]string{"key", "revoke"}, more...) }
		for _, tc := range []struct {
			name, stdin string
			args        []string
			want        []string
		}{
			{"unknown prefix", "", revoke("--org", "acme", "--prefix", "iops_zzzzzzz", "--by", "sam@importops.test"), []string{"iops_zzzzzzz", "acme"}},
			{"another organisation's key", "", revoke("--org", "corp", "--prefix", p, "--by", "sam@importops.test"), []string{p, "corp"}},
			{"unknown organisation", "", revoke("--org", "nope", "--prefix", p, "--by", "sam@importops.test"), []string{"nope"}},
			{"missing --by", "", revoke("--org", "acme", "--prefix", p), []string{"--by"}},
			{"missing --org", "", revoke("--prefix", p, "--by", "sam@importops.test"), []string{"--org"}},
			{"unknown support member", "", revoke("--org", "acme", "--prefix", p, "--by", "who@importops.test"), []string{"who@importops.test"}},
			{"by a team member", "", revoke("--org", "acme", "--prefix", p, "--by", "ada@acme.test"), []string{"ada@acme.test", "support"}},
			{"bad --reason", "", revoke("--org", "acme", "--prefix", p, "--by", "sam@importops.test", "--reason", "rotated"), []string{"revoked or exposed", "rotated"}},
			{"prefix too short", "", revoke("--org", "acme", "--prefix", p[:8], "--by", "sam@importops.test"), []string{"12 characters"}},
			{"a whole token as prefix", "", revoke("--org", "acme", "--prefix", tok, "--by", "sam@importops.test"), []string{"--token-stdin"}},
			{"neither prefix nor token", "", revoke("--org", "acme", "--by", "sam@importops.test"), []string{"--prefix", "--token-stdin"}},
			{"prefix and token", tok, revoke("--org", "acme", "--prefix", p, "--token-stdin", "--by", "sam@importops.test"), []string{"either"}},
			{"token with --org", tok, revoke("--org", "acme", "--token-stdin", "--by", "sam@importops.test"), []string{"--org"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, db)
				r := run(t, url, tc.stdin, tc.args...)
				wantFailure(t, r, tc.want...)
				if strings.Contains(r.stderr, tok[12:]) {
					t.Errorf("the token was printed: %s", r)
				}
				wantNothingWritten(t, db, before)
				if k := db.APIKey.Query().Where(apikey.Prefix(p)).OnlyX(testenv.System()); k.RevokedAt != nil {
					t.Errorf("a refused revocation revoked the key")
				}
			})
		}
	})
}

// Two keys that are not revoked with one prefix (rare: 7 random
// characters) are refused by name; once one is revoked, the prefix
// names the other.
func TestKeyRevokeSharedPrefix(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		ctx := testenv.System()
		acme := db.Organization.Query().Where(organization.Slug("acme")).OnlyX(ctx)
		const prefix = "iops_Shared1"
		twin := func(name string) *ent.APIKey {
			tok, err := token.Generate()
			if err != nil {
				t.Fatal(err)
			}
			return db.APIKey.Create().SetOrganizationID(acme.ID).SetName(name).SetPrefix(prefix).
				SetDigest(token.Digest(tok)).SetScopes([]string{"vehicles.read"}).
				SetExpiresAt(time.Now().AddDate(0, 1, 0)).SaveX(ctx)
		}
		first, second := twin("Twin one"), twin("Twin two")
		args := []string{"key", "revoke", "--org", "acme", "--prefix", prefix, "--by", "sam@importops.test"}

		before := countRows(t, db)
		wantFailure(t, run(t, url, "", args...), "2 keys", prefix, "Twin one", "Twin two", "--token-stdin")
		wantNothingWritten(t, db, before)

		db.APIKey.UpdateOne(first).SetRevokedAt(time.Now()).SetRevocationReason(apikey.RevocationReasonREVOKED).ExecX(ctx)
		r := mustRun(t, url, "", args...)
		if !strings.Contains(r.stdout, "Revoked") || !strings.Contains(r.stdout, "Twin two") {
			t.Errorf("want Twin two revoked, got %s", r)
		}
		if k := db.APIKey.GetX(ctx, second.ID); k.RevokedAt == nil || k.RevokedByID != nil {
			t.Errorf("Twin two after revocation by support: %+v", k)
		}
	})
}

func TestKeyRevokeTokenStdin(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db, ada, env, erp, web := revokeFixtures(t, url)

		r := run(t, url, erp+"\n", "key", "revoke", "--token-stdin", "--by", "sam@importops.test", "--reason", "exposed")
		wantRevokedLine(t, r, erp, "ERP sync")
		wantRevokedBySupport(t, env, ada, erp, "EXPOSED", "api_key.exposed")

		// The default reason is revoked.
		wantRevokedLine(t, run(t, url, web, "key", "revoke", "--token-stdin", "--by", "sam@importops.test"), web, "Website sync")
		wantRevokedBySupport(t, env, ada, web, "REVOKED", "api_key.revoked")

		t.Run("already revoked", func(t *testing.T) {
			before := countRows(t, db)
			r := mustRun(t, url, erp, "key", "revoke", "--token-stdin", "--by", "sam@importops.test", "--reason", "exposed")
			if !strings.Contains(r.stdout, "already revoked") || strings.Contains(r.stdout, erp[12:]) {
				t.Errorf("want it to say the key was already revoked, and not print the token: %s", r)
			}
			wantNothingWritten(t, db, before)
			if v := revokedView(t, ada, erp[:12]); v.RevocationReason == nil || *v.RevocationReason != "EXPOSED" {
				t.Errorf("revoking again changed the reason: %+v", v)
			}
		})

		unknown, err := token.Generate()
		if err != nil {
			t.Fatal(err)
		}
		// The last character changed: well formed, wrong checksum.
		last := byte('0')
		if unknown[len(unknown)-1] == '0' {
			last = '1'
		}
		mistyped := unknown[:len(unknown)-1] + string(last)
		for _, tc := range []struct{ name, stdin, want string }{
			{"unknown token", unknown, "no key has this token"},
			{"wrong checksum", mistyped, "checksum"},
			{"malformed", "iops_notatoken", "does not hold a token"},
			{"not a token at all", "password123\n", "does not hold a token"},
			{"empty", "\n", "no token on standard input"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, db)
				r := run(t, url, tc.stdin, "key", "revoke", "--token-stdin", "--by", "sam@importops.test", "--reason", "exposed")
				wantFailure(t, r, tc.want)
				if s := strings.TrimSpace(tc.stdin); s != "" && strings.Contains(r.stderr, s) {
					t.Errorf("standard input was echoed: %s", r)
				}
				wantNothingWritten(t, db, before)
			})
		}
	})
}

// org set-plan records the change in the organisation's audit log, in
// the same transaction, naming --by or "ImportOps support"; setting the
// plan it has, or a refused change, records nothing.
func TestOrgSetPlanAudit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		ctx := testenv.System()
		entries := func() []*ent.AuditEntry {
			return db.AuditEntry.Query().Where(auditentry.Action("organization.plan_changed")).
				Order(ent.Asc(auditentry.FieldID)).WithOrganization().AllX(ctx)
		}

		mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "core", "--by", "sam@importops.test")
		mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "pro")
		got := entries()
		if len(got) != 2 {
			t.Fatalf("%d organization.plan_changed entries, want 2", len(got))
		}
		sam := got[0]
		if sam.Edges.Organization.Slug != "acme" || sam.ActorName != "Sam Support" || sam.ActorID == nil || sam.APIKeyID != nil {
			t.Errorf("entry with --by: %+v, want acme's, by Sam Support, about no key", sam)
		}
		if anon := got[1]; anon.ActorName != "ImportOps support" || anon.ActorID != nil {
			t.Errorf("entry without --by: actor %q (%v), want \"ImportOps support\" and no user", anon.ActorName, anon.ActorID)
		}
		if n := db.Organization.Query().Where(organization.Slug("acme")).OnlyX(ctx).AuditEntryCount; n != 2 {
			t.Errorf("acme's audit entry count = %d, want 2", n)
		}

		before := countRows(t, db)
		r := mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "pro")
		if !strings.Contains(r.stdout, "already") {
			t.Errorf("setting the same plan: want it to say so, got %s", r)
		}
		wantNothingWritten(t, db, before)
		wantFailure(t, run(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "core", "--by", "who@importops.test"), "who@importops.test")
		wantNothingWritten(t, db, before)
		if p := db.Organization.Query().Where(organization.Slug("acme")).OnlyX(ctx).Plan; p != organization.PlanPRO {
			t.Errorf("a refused set-plan changed the plan to %s", p)
		}
	})
}
