package server_test

import (
	"slices"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/internal/testenv"
)

const auditFilterQuery = `query($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id action apiKey { id } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`

// auditFind fetches one page of the audit log with filter, failing the
// test on any error.
func auditFind(t *testing.T, c *testenv.Client, filter map[string]any, first *int, after *string) auditListData {
	t.Helper()
	vars := keysPageVars(first, after)
	vars["filter"] = filter
	var d auditListData
	c.Do(auditFilterQuery, vars).Decode(t, &d)
	return d
}

// auditWantFound fails unless filter lists exactly want ("action key-id"
// per entry, newest first), and totalCount counts them.
func auditWantFound(t *testing.T, c *testenv.Client, filter map[string]any, want ...string) {
	t.Helper()
	d := auditFind(t, c, filter, keysPtr(100), nil)
	var got []string
	for _, e := range d.AuditLog.Edges {
		key := "-"
		if e.Node.ApiKey != nil {
			key = e.Node.ApiKey.ID
		}
		got = append(got, e.Node.Action+" "+key)
	}
	if !slices.Equal(got, want) {
		t.Errorf("filter %v found %q, want %q", filter, got, want)
	}
	if d.AuditLog.TotalCount != len(want) {
		t.Errorf("filter %v: totalCount = %d, want %d", filter, d.AuditLog.TotalCount, len(want))
	}
}

// The log filtered by action, by key, or both, counts what it lists;
// another organisation's key and an ID that is no key's list nothing.
func TestAuditFilter(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		a := keysCreate(t, admin, map[string]any{"name": "A", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey.ID
		b := keysCreate(t, admin, map[string]any{"name": "B", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey.ID
		keysRevoke(t, admin, a)
		_, c := env.IssueKey(org)
		keysRevoke(t, admin, keysID(c.ID))
		_, foreign := env.IssueKey(env.Org("other", organization.PlanPRO))
		cID := keysID(c.ID)

		created := []string{"api_key.created " + cID, "api_key.created " + b, "api_key.created " + a}
		revoked := []string{"api_key.revoked " + cID, "api_key.revoked " + a}
		auditWantFound(t, admin, map[string]any{"actions": []string{"api_key.created"}}, created...)
		auditWantFound(t, admin, map[string]any{"actions": []string{"api_key.revoked"}}, revoked...)
		auditWantFound(t, admin, map[string]any{"actions": []string{"api_key.revoked", "api_key.created"}},
			"api_key.revoked "+cID, "api_key.created "+cID, "api_key.revoked "+a, "api_key.created "+b, "api_key.created "+a)
		auditWantFound(t, admin, map[string]any{"apiKeyId": a}, "api_key.revoked "+a, "api_key.created "+a)
		auditWantFound(t, admin, map[string]any{"apiKeyId": b}, "api_key.created "+b)
		auditWantFound(t, admin, map[string]any{"apiKeyId": a, "actions": []string{"api_key.created"}}, "api_key.created "+a)
		auditWantFound(t, admin, map[string]any{"apiKeyId": b, "actions": []string{"api_key.revoked"}})
		// Known to the contract, not written yet.
		auditWantFound(t, admin, map[string]any{"actions": []string{"api_key.rotated"}})
		for _, id := range []string{keysID(foreign.ID), "0", "-3", "abc", "99999999999999999999"} {
			auditWantFound(t, admin, map[string]any{"apiKeyId": id})
		}
		// An empty filter, or an empty list of actions, is no filter.
		all := []string{"api_key.revoked " + cID, "api_key.created " + cID, "api_key.revoked " + a, "api_key.created " + b, "api_key.created " + a}
		auditWantFound(t, admin, map[string]any{}, all...)
		auditWantFound(t, admin, map[string]any{"actions": []string{}}, all...)
	})
}

// An unknown action is refused, naming the known ones.
func TestAuditFilterUnknownAction(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, _, _, admin := keysSetup(t, url)
		keysCreate(t, admin, map[string]any{"name": "A", "expiry": "ONE_YEAR"})
		for _, actions := range [][]string{{"api_key.deleted"}, {"api_key.created", "API_KEY.CREATED"}, {""}} {
			r := admin.Do(auditFilterQuery, testenv.Vars{"filter": map[string]any{"actions": actions}})
			msg := keysWantInputError(t, r, "actions")
			for _, known := range []string{"api_key.created", "api_key.revoked", "api_key.rotated", "organization.plan_changed"} {
				if !strings.Contains(msg, known) {
					t.Errorf("%v: message %q does not name %s", actions, msg, known)
				}
			}
		}
	})
}

// Pages of a filtered log hold only the entries selected, each once, with
// the filtered totalCount on every page.
func TestAuditFilterPages(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		var want []string
		for i, k := range env.IssueKeys(org, 7) {
			if i%2 == 0 {
				keysRevoke(t, admin, keysID(k.ID))
				want = append([]string{keysID(k.ID)}, want...)
			}
		}
		filter := map[string]any{"actions": []string{"api_key.revoked"}}
		for _, size := range []int{1, 3, 100} {
			var got []string
			var after *string
			for pages := 1; ; pages++ {
				if pages > len(want) {
					t.Fatalf("first=%d: more pages than entries", size)
				}
				p := auditFind(t, admin, filter, &size, after).AuditLog
				if p.TotalCount != len(want) {
					t.Errorf("first=%d page %d: totalCount = %d, want %d", size, pages, p.TotalCount, len(want))
				}
				for _, e := range p.Edges {
					got = append(got, e.Node.ApiKey.ID)
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("first=%d: visited %v, want %v", size, got, want)
			}
		}
		// The whole log still counts every entry: 7 creations, 4 revocations.
		if n := auditFind(t, admin, nil, nil, nil).AuditLog.TotalCount; n != 11 {
			t.Errorf("unfiltered totalCount = %d, want 11", n)
		}
	})
}
