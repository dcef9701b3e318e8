package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/page"
	"importops/internal/testenv"
)

// The statements one GraphQL request sends do not grow with the page: a
// list loads each nested edge it is asked for in one statement for the
// whole page, and loads no edge it is not asked for.

// statementsSetup creates an organisation whose admin created and revoked keys
// through the API, and returns the admin signed in.
func statementsSetup(t *testing.T, env *testenv.Env, slug string, keys int) (*testenv.Client, *ent.Organization) {
	t.Helper()
	org := env.Org(slug, organization.PlanPRO)
	env.User(org, "ada@"+slug+".test", user.RoleADMIN)
	admin := env.SignIn("ada@"+slug+".test", testenv.Password)
	for range keys {
		k := keysCreate(t, admin, map[string]any{"name": "Sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		keysRevoke(t, admin, k.ID)
	}
	return admin, org
}

// resolverStatements runs query and returns the statements it sent beyond
// those of authenticating the session (what `{ __typename }` sends).
func resolverStatements(t *testing.T, env *testenv.Env, c *testenv.Client, query string) []string {
	t.Helper()
	auth := statementsOf(t, env, c, `{ __typename }`)
	all := statementsOf(t, env, c, query)
	if len(all) < len(auth) || !slices.Equal(all[:len(auth)], auth) {
		t.Fatalf("%s sent\n%s\nwhich does not start with authentication's\n%s", query, strings.Join(all, "\n"), strings.Join(auth, "\n"))
	}
	return all[len(auth):]
}

func statementsOf(t *testing.T, env *testenv.Env, c *testenv.Client, query string) []string {
	t.Helper()
	r := c.Do(query, nil)
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("%s: %d %s", query, r.Status, r.Raw)
	}
	return env.Statements.Of(r)
}

// statementsOn counts the statements that read table.
func statementsOn(stmts []string, table string) int {
	n := 0
	for _, s := range stmts {
		if strings.Contains(s, "FROM `"+table+"`") || strings.Contains(s, `FROM "`+table+`"`) {
			n++
		}
	}
	return n
}

// An audit log page with each entry's key and the key's creator costs
// three statements (entries, their keys, the keys' creators), for 2
// entries as for 30.
func TestStatementsAuditLogNestedEdges(t *testing.T) {
	const query = `{ auditLog(first: 30) { edges { node { action apiKey { name createdBy { name } } } } } }`
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CountStatements: true})
		for _, keys := range []int{1, 15} {
			admin, _ := statementsSetup(t, env, fmt.Sprint("org", keys), keys)
			stmts := resolverStatements(t, env, admin, query)
			if len(stmts) != 3 || statementsOn(stmts, "audit_entries") != 1 ||
				statementsOn(stmts, "api_keys") != 1 || statementsOn(stmts, "users") != 1 {
				t.Errorf("%d entries: the page sent %d statements, want entries, keys, users:\n%s",
					2*keys, len(stmts), strings.Join(stmts, "\n"))
			}
		}
	})
}

// The keys list reads the creators only when asked for them, then in one
// statement for the page.
func TestStatementsKeysCreatorOnlyWhenSelected(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CountStatements: true})
		admin, _ := statementsSetup(t, env, "acme", 12)
		plain := resolverStatements(t, env, admin, `{ keys(first: 20) { edges { node { name status } } } }`)
		if len(plain) != 1 || statementsOn(plain, "api_keys") != 1 {
			t.Errorf("keys without createdBy sent:\n%s\nwant the page alone", strings.Join(plain, "\n"))
		}
		withCreator := resolverStatements(t, env, admin,
			`{ keys(first: 20) { edges { node { name createdBy { name } revokedBy { name } } } } }`)
		if len(withCreator) != 3 || statementsOn(withCreator, "users") != 2 {
			t.Errorf("keys with createdBy and revokedBy sent:\n%s\nwant the page and one read of users for each",
				strings.Join(withCreator, "\n"))
		}
	})
}

// A page and its totalCount are one statement, filtered or not, and count
// only the organisation's own; an empty page, with no row to carry the
// count, counts apart.
func TestStatementsPageAndCountInOne(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CountStatements: true})
		admin, org := statementsSetup(t, env, "acme", 3) // 3 keys revoked: 6 entries
		token, _ := env.IssueKey(org)                    // a 4th key, a 7th entry
		other := env.Org("other", organization.PlanPRO)
		env.IssueKey(other)
		oldest := env.Vehicle(org, testenv.VIN(1), vehicle.StatusDELIVERED)
		env.Vehicle(org, testenv.VIN(2), vehicle.StatusDELIVERED)
		for n := 3; n <= 5; n++ {
			env.Vehicle(org, testenv.VIN(n), vehicle.StatusORDERED)
		}
		env.Vehicle(other, testenv.VIN(6), vehicle.StatusORDERED)
		key := env.Bearer(token)

		tests := []struct {
			c          *testenv.Client
			query      string
			total      int
			statements int
		}{
			{admin, `{ list: keys(first: 2) { totalCount edges { node { id } } } }`, 4, 1},
			{admin, `{ list: keys(first: 2, filter: { status: [REVOKED] }) { totalCount } }`, 3, 1},
			{admin, `{ list: auditLog(first: 2) { totalCount edges { node { action } } } }`, 7, 1},
			{admin, `{ list: auditLog(first: 2, filter: { actions: ["api_key.revoked"] }) { totalCount } }`, 3, 1},
			{key, `{ list: vehicles(first: 2) { totalCount edges { node { vin } } } }`, 5, 1},
			{key, `{ list: vehicles(first: 2, status: DELIVERED) { totalCount } }`, 2, 1},
			{key, `{ list: vehicles(first: 2, after: "` + page.Cursor(oldest.ID) + `") { totalCount } }`, 5, 2},
		}
		for _, tt := range tests {
			stmts := resolverStatements(t, env, tt.c, tt.query)
			r := tt.c.Do(tt.query, nil)
			var data struct{ List struct{ TotalCount int } }
			r.Decode(t, &data)
			if data.List.TotalCount != tt.total || len(stmts) != tt.statements {
				t.Errorf("%s: totalCount %d in %d statements, want %d in %d:\n%s", tt.query,
					data.List.TotalCount, len(stmts), tt.total, tt.statements, strings.Join(stmts, "\n"))
			}
		}
	})
}
