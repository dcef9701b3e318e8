package server_test

import (
	"slices"
	"testing"
	"time"

	"importops/ent/auditentry"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// Creating and revoking a key each write an entry naming the admin and
// linking the key; the log is newest first and shows only the viewer's
// organisation.
func TestAuditRecordsCreationAndRevocation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, adminUser, admin := keysSetup(t, url)
		other := env.Org("other", organization.PlanPRO)
		env.IssueKey(other) // another organisation's entry, not shown to acme

		before := time.Now().Add(-time.Second)
		a := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		b := keysCreate(t, admin, map[string]any{"name": "Website", "expiry": "THREE_MONTHS"}).CreateApiKey.ApiKey
		keysRevoke(t, admin, a.ID)
		after := time.Now().Add(time.Second)

		log := auditList(t, admin, nil, nil).AuditLog
		if log.TotalCount != 3 || len(log.Edges) != 3 || log.PageInfo.HasNextPage {
			t.Fatalf("audit log = %+v, want 3 entries on one page", log)
		}
		want := []struct{ action, keyID, keyName string }{
			{"api_key.revoked", a.ID, "ERP sync"},
			{"api_key.created", b.ID, "Website"},
			{"api_key.created", a.ID, "ERP sync"},
		}
		for i, w := range want {
			n := log.Edges[i].Node
			if n.Action != w.action || n.ActorName != keysAdminName {
				t.Errorf("entry %d = %s by %q, want %s by %q", i, n.Action, n.ActorName, w.action, keysAdminName)
			}
			if n.ApiKey == nil || n.ApiKey.ID != w.keyID || n.ApiKey.Name != w.keyName {
				t.Errorf("entry %d links %+v, want key %s %q", i, n.ApiKey, w.keyID, w.keyName)
			}
			if n.CreatedAt.Before(before) || n.CreatedAt.After(after) {
				t.Errorf("entry %d: createdAt %s not between %s and %s", i, n.CreatedAt, before, after)
			}
			if i > 0 && n.CreatedAt.After(log.Edges[i-1].Node.CreatedAt) {
				t.Errorf("entry %d is newer than entry %d: not newest first", i, i-1)
			}
		}
		if s := log.Edges[0].Node.ApiKey; s != nil && s.Status != "REVOKED" {
			t.Errorf("the revoked key's status in the log = %s", s.Status)
		}

		// The database links the entries to the admin too.
		n := env.DB.AuditEntry.Query().Where(auditentry.ActorID(adminUser.ID)).CountX(testenv.System())
		if n != 3 {
			t.Errorf("%d entries linked to the admin, want 3", n)
		}
		// acme's 3 and other's 1.
		keysWantNothingWritten(t, env, 3, 4)
	})
}

// Keys issued by support appear with the support member's name.
func TestAuditSupportIssuedKey(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		_, key := env.IssueKey(org, "vehicles.read", "vehicles.write")

		log := auditList(t, admin, nil, nil).AuditLog
		if len(log.Edges) != 1 {
			t.Fatalf("audit log = %+v, want one entry", log)
		}
		n := log.Edges[0].Node
		if n.Action != "api_key.created" || n.ActorName != "Fixture Support" {
			t.Errorf("entry = %s by %q, want api_key.created by the support member", n.Action, n.ActorName)
		}
		if n.ApiKey == nil || n.ApiKey.ID != keysID(key.ID) {
			t.Errorf("entry links %+v, want key %d", n.ApiKey, key.ID)
		}
	})
}

// An entry keeps its actor's name after the user is removed.
func TestAuditActorNameSurvivesUserDeletion(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, ada := keysSetup(t, url)
		bo := env.User(org, "bo@acme.test", user.RoleADMIN)
		boClient := env.SignIn("bo@acme.test", testenv.Password)
		k := keysCreate(t, boClient, map[string]any{"name": "Bo's sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		keysRevoke(t, boClient, k.ID)

		if err := env.DB.User.DeleteOneID(bo.ID).Exec(testenv.System()); err != nil {
			t.Fatalf("deleting the user: %v", err)
		}

		log := auditList(t, ada, nil, nil).AuditLog
		if log.TotalCount != 2 || len(log.Edges) != 2 {
			t.Fatalf("audit log after removing the user = %+v, want both entries", log)
		}
		for i, action := range []string{"api_key.revoked", "api_key.created"} {
			n := log.Edges[i].Node
			if n.Action != action || n.ActorName != "Name of bo@acme.test" {
				t.Errorf("entry %d = %s by %q, want %s by the removed user's name", i, n.Action, n.ActorName, action)
			}
			if n.ApiKey == nil || n.ApiKey.ID != k.ID {
				t.Errorf("entry %d lost its key: %+v", i, n.ApiKey)
			}
		}
		// The key stays listed; it no longer names a creator.
		keys := keysList(t, ada, nil, nil).Keys
		if len(keys.Edges) != 1 || keys.Edges[0].Node.CreatedBy != nil {
			t.Errorf("keys after removing their creator = %+v", keys.Edges)
		}
	})
}

// The audit log pages like the keys list.
func TestAuditLogWalk(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		issued := env.IssueKeys(org, 12)
		for _, k := range issued[:5] {
			keysRevoke(t, admin, keysID(k.ID))
		}
		// 17 entries; the newest first.
		all := env.DB.AuditEntry.Query().Order(auditentry.ByID()).AllX(testenv.System())
		var want []string
		for i := len(all) - 1; i >= 0; i-- {
			want = append(want, keysID(all[i].ID))
		}
		if len(want) != 17 {
			t.Fatalf("%d entries, want 17", len(want))
		}

		for _, size := range []int{1, 4, 17, 100} {
			var got []string
			var after *string
			pages := 0
			for {
				pages++
				if pages > 30 {
					t.Fatalf("first=%d: more than 30 pages", size)
				}
				p := auditList(t, admin, &size, after).AuditLog
				if p.TotalCount != 17 {
					t.Errorf("first=%d page %d: totalCount = %d", size, pages, p.TotalCount)
				}
				if len(p.Edges) > size || len(p.Edges) == 0 {
					t.Fatalf("first=%d page %d: %d edges", size, pages, len(p.Edges))
				}
				for _, e := range p.Edges {
					got = append(got, e.Node.ID)
				}
				if p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor {
					t.Errorf("first=%d page %d: endCursor %v", size, pages, p.PageInfo.EndCursor)
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("first=%d: visited %v, want %v", size, got, want)
			}
			if wantPages := (17 + size - 1) / size; pages != wantPages {
				t.Errorf("first=%d: %d pages, want %d", size, pages, wantPages)
			}
		}
	})
}

// totalCount comes from the organisation's own count, kept by every
// audit.Record: it must equal the entries there really are, for each
// organisation, after creations and revocations by admins and support.
func TestAuditTotalCountMatchesEntries(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		acme := env.Org("acme", organization.PlanPRO)
		other := env.Org("other", organization.PlanPRO)
		env.User(acme, "ada@acme.test", user.RoleADMIN)
		env.User(other, "oli@other.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)
		var c created
		for range 3 {
			admin.Do(createKey, testenv.Vars{"input": map[string]any{"name": "k", "expiry": "ONE_YEAR"}}).Decode(t, &c)
		}
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }`, testenv.Vars{"id": c.CreateApiKey.ApiKey.ID})
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }`, testenv.Vars{"id": c.CreateApiKey.ApiKey.ID}) // no second entry
		env.IssueKey(acme)
		env.IssueKey(other)

		for _, tc := range []struct {
			email string
			want  int
		}{{"ada@acme.test", 5}, {"oli@other.test", 1}} {
			var got struct{ AuditLog struct{ TotalCount int } }
			env.SignIn(tc.email, testenv.Password).Do(`{ auditLog(first: 1) { totalCount } }`, nil).Decode(t, &got)
			if got.AuditLog.TotalCount != tc.want {
				t.Errorf("%s: totalCount = %d, want %d", tc.email, got.AuditLog.TotalCount, tc.want)
			}
		}
		if n := env.AuditCount(); n != 6 {
			t.Errorf("%d audit entries in the database, want 6", n)
		}
	})
}
