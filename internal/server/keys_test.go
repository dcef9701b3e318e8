package server_test

import (
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const createKey = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    token
    apiKey { id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt createdBy { name } }
  }
}`

type created struct {
	CreateApiKey struct {
		Token  string
		ApiKey struct {
			ID, Name, Prefix, Status string
			Scopes                   []string
			LastUsedAt, RevokedAt    *string
			CreatedBy                *struct{ Name string }
		}
	}
}

func TestCreateUseRevoke(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)

		var c created
		admin.Do(createKey, testenv.Vars{"input": map[string]any{"name": "  Website inventory sync ", "expiry": "SIX_MONTHS"}}).Decode(t, &c)
		k := c.CreateApiKey
		if k.ApiKey.Name != "Website inventory sync" {
			t.Errorf("name = %q, want it trimmed", k.ApiKey.Name)
		}
		if len(k.Token) != 43 || k.ApiKey.Prefix != k.Token[:12] {
			t.Errorf("token %q and prefix %q do not match the contract", k.Token, k.ApiKey.Prefix)
		}
		if k.ApiKey.Status != "ACTIVE" || len(k.ApiKey.Scopes) != 1 || k.ApiKey.Scopes[0] != "vehicles.read" {
			t.Errorf("new key = %+v, want ACTIVE with vehicles.read", k.ApiKey)
		}
		if k.ApiKey.CreatedBy == nil || k.ApiKey.CreatedBy.Name != "Name of ada@acme.test" {
			t.Errorf("createdBy = %+v, want the admin", k.ApiKey.CreatedBy)
		}

		integration := env.Bearer(k.Token)
		var v struct{ Vehicles struct{ TotalCount int } }
		integration.Do(`{ vehicles { totalCount } }`, nil).Decode(t, &v)

		var r struct {
			RevokeApiKey struct {
				ApiKey struct {
					Status    string
					RevokedAt *string
				}
			}
		}
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { status revokedAt } } }`,
			testenv.Vars{"id": k.ApiKey.ID}).Decode(t, &r)
		if r.RevokeApiKey.ApiKey.Status != "REVOKED" || r.RevokeApiKey.ApiKey.RevokedAt == nil {
			t.Errorf("revoked key = %+v", r.RevokeApiKey.ApiKey)
		}

		resp := integration.Do(`{ vehicles { totalCount } }`, nil)
		resp.WantError(t, 401, "UNAUTHENTICATED")
		if resp.Message() != "API key revoked" {
			t.Errorf("message = %q, want it to say the key was revoked", resp.Message())
		}
		if got := resp.Header.Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
			t.Errorf("WWW-Authenticate = %q", got)
		}
	})
}
