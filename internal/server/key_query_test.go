package server_test

import (
	"fmt"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const keyQuery = `query($id: ID!) { key(id: $id) { ` + keysFields + ` } }`

type keyData struct{ Key *keysNode }

// An admin reads one of the organisation's keys as the list shows it; any
// other ID, another organisation's key included, is null, not an error.
func TestKeyQuery(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, adminUser, admin := keysSetup(t, url)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		_, support := env.IssueKey(org, "vehicles.read", "vehicles.write")
		revoked := keysRevoke(t, admin, keysID(support.ID))
		_, foreign := env.IssueKey(env.Org("other", organization.PlanPRO))

		var d keyData
		admin.Do(keyQuery, testenv.Vars{"id": created.ID}).Decode(t, &d)
		if d.Key == nil || d.Key.ID != created.ID || d.Key.Name != "ERP sync" || d.Key.Prefix != created.Prefix ||
			d.Key.Status != "ACTIVE" || !d.Key.ExpiresAt.Equal(created.ExpiresAt) {
			t.Errorf("key(%s) = %+v, created %+v", created.ID, d.Key, created)
		}
		if d.Key != nil && (d.Key.CreatedBy == nil || d.Key.CreatedBy.ID != keysID(adminUser.ID)) {
			t.Errorf("createdBy = %+v, want the admin", d.Key.CreatedBy)
		}
		d = keyData{}
		admin.Do(keyQuery, testenv.Vars{"id": keysID(support.ID)}).Decode(t, &d)
		if d.Key == nil || d.Key.Status != "REVOKED" || d.Key.CreatedBy != nil || !d.Key.RevokedAt.Equal(*revoked.RevokedAt) {
			t.Errorf("the revoked support key = %+v", d.Key)
		}

		for _, id := range []string{keysID(foreign.ID), "0", "-1", "abc", "1e3", "99999999", "99999999999999999999", ""} {
			r := admin.Do(keyQuery, testenv.Vars{"id": id})
			if len(r.Errors) > 0 || strings.ReplaceAll(string(r.Data), " ", "") != `{"key":null}` {
				t.Errorf("key(%q) = %d %s, want null", id, r.Status, r.Raw)
			}
		}
	})
}

// Members and API keys are refused, as for the list.
func TestKeyQueryForbidden(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		env.User(org, "mo@acme.test", user.RoleMEMBER)
		tok, key := env.IssueKey(org, "vehicles.read", "vehicles.write")
		for name, c := range map[string]*testenv.Client{
			"member":  env.SignIn("mo@acme.test", testenv.Password),
			"API key": env.Bearer(tok),
		} {
			r := c.Do(keyQuery, testenv.Vars{"id": keysID(key.ID)})
			r.WantError(t, 200, "FORBIDDEN")
			if d := strings.ReplaceAll(string(r.Data), " ", ""); d != "" && d != "null" && d != `{"key":null}` {
				t.Errorf("%s got data: %s", name, r.Raw)
			}
			if name == "member" && r.Message() != "Only admins can view API keys" {
				t.Errorf("member: message = %q", r.Message())
			}
		}
	})
}

// key(id) is a root field that runs a query, priced as one (25, and 1 for
// its id): 200 aliased lookups cost 5,200, over the limit of 5,000.
func TestKeyQueryComplexity(t *testing.T) {
	_, _, _, admin := keysSetup(t, testenv.SQLiteURL(t))
	var q strings.Builder
	q.WriteString("{")
	for i := range 200 {
		fmt.Fprintf(&q, ` k%d: key(id: "%d") { id }`, i, i+1)
	}
	wantComplexityRefusal(t, "200 aliased key lookups", admin.Do(q.String()+" }", nil))
}
