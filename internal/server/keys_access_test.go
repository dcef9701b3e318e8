package server_test

import (
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// keysManagement are the operations that manage keys, each with the
// message a member gets.
var keysManagement = []struct{ name, query, member string }{
	{"keys", `{ keys { totalCount } }`, "Only admins can view API keys"},
	{"auditLog", `{ auditLog { totalCount } }`, "Only admins can view the audit log"},
	{"createApiKey", `mutation { createApiKey(input: {name: "Probe", expiry: THREE_MONTHS}) { token } }`, "Only admins can create API keys"},
	{"revokeApiKey", `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { status } } }`, "Only admins can revoke API keys"},
}

// Only admins manage keys: members get FORBIDDEN and change nothing.
func TestKeysMemberForbidden(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		env.User(org, "mo@acme.test", user.RoleMEMBER)
		member := env.SignIn("mo@acme.test", testenv.Password)
		_, key := env.IssueKey(org)

		for _, op := range keysManagement {
			t.Run(op.name, func(t *testing.T) {
				r := member.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if r.Message() != op.member {
					t.Errorf("message = %q, want %q", r.Message(), op.member)
				}
				if d := string(r.Data); d != "" && d != "null" {
					t.Errorf("a member got data: %s", r.Raw)
				}
			})
		}
		keysWantNothingWritten(t, env, 1, 1)
		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.RevokedAt != nil {
			t.Errorf("a member revoked a key")
		}
	})
}

// API keys cannot manage keys, whatever their scopes.
func TestKeysBearerForbidden(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		tok, key := env.IssueKey(org, "vehicles.read", "vehicles.write")
		bearer := env.Bearer(tok)

		for _, op := range keysManagement {
			t.Run(op.name, func(t *testing.T) {
				r := bearer.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if !strings.Contains(r.Message(), "API keys cannot") {
					t.Errorf("message = %q, want it to say API keys cannot do this", r.Message())
				}
				if d := string(r.Data); d != "" && d != "null" {
					t.Errorf("a key got data: %s", r.Raw)
				}
			})
		}
		keysWantNothingWritten(t, env, 1, 1)
		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.RevokedAt != nil {
			t.Errorf("a key revoked itself")
		}
	})
}

// Without credentials, key management is UNAUTHENTICATED.
func TestKeysAnonymousUnauthenticated(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		_, key := env.IssueKey(org)
		anon := env.Anonymous()
		for _, op := range keysManagement {
			t.Run(op.name, func(t *testing.T) {
				r := anon.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				if r.Code() != "UNAUTHENTICATED" || r.Message() == "" {
					t.Fatalf("want UNAUTHENTICATED, got %d %s", r.Status, r.Raw)
				}
			})
		}
		keysWantNothingWritten(t, env, 1, 1)
	})
}

// An admin of an organisation on the Core plan cannot create keys.
func TestKeysCorePlanRequired(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("corner", organization.PlanCORE)
		env.User(org, "cy@corner.test", user.RoleADMIN)
		admin := env.SignIn("cy@corner.test", testenv.Password)

		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}})
		r.WantError(t, 200, "PLAN_REQUIRED")
		if !strings.Contains(r.Message(), "Pro") {
			t.Errorf("message %q does not say which plan includes API access", r.Message())
		}
		keysWantNothingWritten(t, env, 0, 0)

		// Whatever else is wrong with the request, the plan is the answer:
		// there is no point fixing a name for a key the plan cannot have.
		for _, input := range []map[string]any{
			{"name": "", "expiry": "ONE_YEAR"},
			{"name": "ERP sync", "expiry": "ONE_YEAR", "scopes": []string{"vehicles.write"}},
			{"name": "ERP sync", "expiry": "CUSTOM"},
		} {
			admin.Do(keysCreateMutation, testenv.Vars{"input": input}).WantError(t, 200, "PLAN_REQUIRED")
		}
		keysWantNothingWritten(t, env, 0, 0)

		// The admin still sees the (empty) list and audit log.
		if d := keysList(t, admin, nil, nil); d.Keys.TotalCount != 0 {
			t.Errorf("totalCount = %d", d.Keys.TotalCount)
		}
	})
}

// A plan change binds the very next createApiKey; keys already made can
// still be revoked after a downgrade.
func TestKeysPlanChangeBindsCreation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "Before", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey

		env.Exec("UPDATE organizations SET plan = ? WHERE id = ?", "CORE", org.ID)
		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "After", "expiry": "ONE_YEAR"}})
		r.WantError(t, 200, "PLAN_REQUIRED")
		keysWantNothingWritten(t, env, 1, 1)
		if got := keysRevoke(t, admin, k.ID); got.Status != "REVOKED" {
			t.Errorf("revoking after a downgrade: status %s", got.Status)
		}

		env.Exec("UPDATE organizations SET plan = ? WHERE id = ?", "PRO", org.ID)
		keysCreate(t, admin, map[string]any{"name": "Upgraded", "expiry": "ONE_YEAR"})
		keysWantNothingWritten(t, env, 2, 3)
	})
}
