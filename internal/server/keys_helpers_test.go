package server_test

import (
	"strconv"
	"testing"
	"time"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// Helpers for the API key management and audit log tests (keys_*_test.go,
// audit_*_test.go). Their names start with "keys" or "audit" so that they
// do not clash with other files of package server_test.

// keysFields selects every field of keysNode.
const keysFields = `id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt createdBy { id name }`

// keysNode is an ApiKey as the API returns it.
type keysNode struct {
	ID, Name, Prefix, Status string
	Scopes                   []string
	ExpiresAt, CreatedAt     time.Time
	LastUsedAt, RevokedAt    *time.Time
	CreatedBy                *struct{ ID, Name string }
}

const keysCreateMutation = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { token apiKey { ` + keysFields + ` } }
}`

type keysCreateData struct {
	CreateApiKey struct {
		Token  string
		ApiKey keysNode
	}
}

const keysRevokeMutation = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { ` + keysFields + ` } } }`

type keysRevokeData struct {
	RevokeApiKey struct{ ApiKey keysNode }
}

const keysListQuery = `query($first: Int, $after: String) {
  keys(first: $first, after: $after) {
    edges { cursor node { ` + keysFields + ` } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`

type keysPageInfo struct {
	HasNextPage bool
	EndCursor   *string
}

type keysListData struct {
	Keys struct {
		Edges []struct {
			Cursor string
			Node   keysNode
		}
		PageInfo   keysPageInfo
		TotalCount int
	}
}

const auditListQuery = `query($first: Int, $after: String) {
  auditLog(first: $first, after: $after) {
    edges { cursor node { id action actorName createdAt apiKey { id name prefix status } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`

// auditNode is an AuditEntry as the API returns it.
type auditNode struct {
	ID, Action, ActorName string
	CreatedAt             time.Time
	ApiKey                *struct{ ID, Name, Prefix, Status string }
}

type auditListData struct {
	AuditLog struct {
		Edges []struct {
			Cursor string
			Node   auditNode
		}
		PageInfo   keysPageInfo
		TotalCount int
	}
}

// keysAdminName is the name testenv gives the admin keysSetup creates.
const keysAdminName = "Name of ada@acme.test"

// keysSetup creates a Pro organisation "acme" with an admin, and returns
// the admin signed in.
func keysSetup(t *testing.T, url string) (*testenv.Env, *ent.Organization, *ent.User, *testenv.Client) {
	t.Helper()
	env := testenv.New(t, url)
	org := env.Org("acme", organization.PlanPRO)
	admin := env.User(org, "ada@acme.test", user.RoleADMIN)
	return env, org, admin, env.SignIn("ada@acme.test", testenv.Password)
}

// keysCreate creates a key through the API, failing the test on any error.
func keysCreate(t *testing.T, c *testenv.Client, input map[string]any) keysCreateData {
	t.Helper()
	var d keysCreateData
	c.Do(keysCreateMutation, testenv.Vars{"input": input}).Decode(t, &d)
	return d
}

// keysRevoke revokes a key through the API, failing the test on any error.
func keysRevoke(t *testing.T, c *testenv.Client, id string) keysNode {
	t.Helper()
	var d keysRevokeData
	c.Do(keysRevokeMutation, testenv.Vars{"id": id}).Decode(t, &d)
	return d.RevokeApiKey.ApiKey
}

// keysList fetches one page of keys, failing the test on any error.
func keysList(t *testing.T, c *testenv.Client, first *int, after *string) keysListData {
	t.Helper()
	var d keysListData
	c.Do(keysListQuery, keysPageVars(first, after)).Decode(t, &d)
	return d
}

// auditList fetches one page of the audit log, failing the test on any error.
func auditList(t *testing.T, c *testenv.Client, first *int, after *string) auditListData {
	t.Helper()
	var d auditListData
	c.Do(auditListQuery, keysPageVars(first, after)).Decode(t, &d)
	return d
}

func keysPageVars(first *int, after *string) testenv.Vars {
	v := testenv.Vars{}
	if first != nil {
		v["first"] = *first
	}
	if after != nil {
		v["after"] = *after
	}
	return v
}

// keysID is the GraphQL ID of a row.
func keysID(id int) string { return strconv.Itoa(id) }

// keysWantInputError fails unless r is a BAD_USER_INPUT error about field
// with a non-empty message, and returns the message.
func keysWantInputError(t *testing.T, r *testenv.Response, field string) string {
	t.Helper()
	r.WantError(t, 200, "BAD_USER_INPUT")
	if got := r.Errors[0].Extensions["field"]; got != field {
		t.Errorf("extensions.field = %v, want %q (%s)", got, field, r.Raw)
	}
	if r.Message() == "" {
		t.Errorf("empty message: %s", r.Raw)
	}
	return r.Message()
}

// keysWantNothingWritten fails unless the database holds keys API keys and
// entries audit entries.
func keysWantNothingWritten(t *testing.T, env *testenv.Env, keys, entries int) {
	t.Helper()
	if n := env.KeyCount(); n != keys {
		t.Errorf("%d API keys in the database, want %d", n, keys)
	}
	if n := env.AuditCount(); n != entries {
		t.Errorf("%d audit entries in the database, want %d", n, entries)
	}
}

func keysPtr[T any](v T) *T { return &v }
