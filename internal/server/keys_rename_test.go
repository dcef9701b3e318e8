package server_test

import (
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const keysRenameMutation = `mutation($id: ID!, $name: String!) { renameApiKey(id: $id, name: $name) { ` + keysFields + ` } }`

// keysRename renames a key through the API, failing the test on any error.
func keysRename(t *testing.T, c *testenv.Client, id, name string) keysNode {
	t.Helper()
	var d struct{ RenameApiKey keysNode }
	c.Do(keysRenameMutation, testenv.Vars{"id": id, "name": name}).Decode(t, &d)
	return d.RenameApiKey
}

// auditActions lists the audit log's actions, newest first.
func auditActions(t *testing.T, c *testenv.Client) []string {
	t.Helper()
	var out []string
	for _, e := range auditList(t, c, keysPtr(100), nil).AuditLog.Edges {
		out = append(out, e.Node.Action)
	}
	return out
}

// A rename is trimmed like a new name, changes nothing else, and is in the
// audit log under the admin's name; renaming to the same name records
// nothing more.
func TestKeysRename(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey

		got := keysRename(t, admin, created.ApiKey.ID, "  Warehouse ERP sync ")
		if got.Name != "Warehouse ERP sync" {
			t.Errorf("name = %q, want it trimmed", got.Name)
		}
		was := created.ApiKey
		if got.ID != was.ID || got.Prefix != was.Prefix || got.Status != "ACTIVE" || !got.ExpiresAt.Equal(was.ExpiresAt) {
			t.Errorf("renaming changed more than the name: %+v, was %+v", got, was)
		}
		entries := auditList(t, admin, nil, nil).AuditLog.Edges
		if len(entries) != 2 || entries[0].Node.Action != "api_key.renamed" || entries[0].Node.ActorName != keysAdminName ||
			entries[0].Node.ApiKey == nil || entries[0].Node.ApiKey.ID != was.ID {
			t.Fatalf("audit log after renaming = %+v", entries)
		}

		// The key still works, under its new name.
		var v struct {
			Viewer struct{ ApiKey struct{ Name string } }
		}
		env.Bearer(created.Token).Do(`{ viewer { apiKey { name } } }`, nil).Decode(t, &v)
		if v.Viewer.ApiKey.Name != "Warehouse ERP sync" {
			t.Errorf("the key calls itself %q", v.Viewer.ApiKey.Name)
		}

		keysRename(t, admin, was.ID, "Warehouse ERP sync")
		keysRename(t, admin, was.ID, " Warehouse ERP sync")
		keysWantNothingWritten(t, env, 1, 2)
	})
}

// A revoked key can be renamed, e.g. to note why it was retired; it stays
// revoked.
func TestKeysRenameRevoked(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		revoked := keysRevoke(t, admin, k.ID)

		got := keysRename(t, admin, k.ID, "ERP sync (leaked in CI log)")
		if got.Name != "ERP sync (leaked in CI log)" || got.Status != "REVOKED" || !got.RevokedAt.Equal(*revoked.RevokedAt) {
			t.Errorf("renamed revoked key = %+v", got)
		}
		if a := auditActions(t, admin); strings.Join(a, " ") != "api_key.renamed api_key.revoked api_key.created" {
			t.Errorf("audit actions = %v", a)
		}
		keysWantNothingWritten(t, env, 1, 3)
	})
}

// A bad name is BAD_USER_INPUT on field name, with creation's messages,
// and changes nothing.
func TestKeysRenameBadName(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		k := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		for name, want := range map[string]string{
			"":                       "Name is required",
			"   ":                    "Name is required",
			strings.Repeat("x", 101): "at most 100 characters",
			"ERP\u0000sync":          "Name",
			"ERP\u202esync":          "Name",
		} {
			r := admin.Do(keysRenameMutation, testenv.Vars{"id": k.ID, "name": name})
			if msg := keysWantInputError(t, r, "name"); !strings.Contains(msg, want) {
				t.Errorf("name %q: message %q does not say %q", name, msg, want)
			}
		}
		if got := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, k.ID)).Name; got != "ERP sync" {
			t.Errorf("name after refusals = %q", got)
		}
		keysWantNothingWritten(t, env, 1, 1)
	})
}

// Another organisation's key is NOT_FOUND, like a key that does not
// exist, and keeps its name.
func TestKeysRenameOtherOrganisation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		other := env.Org("other", organization.PlanPRO)
		_, key := env.IssueKey(other)
		for _, id := range []string{keysID(key.ID), keysID(key.ID + 1000), "abc", "0"} {
			r := admin.Do(keysRenameMutation, testenv.Vars{"id": id, "name": "Mine now"})
			r.WantError(t, 200, "NOT_FOUND")
		}
		if got := env.DB.APIKey.GetX(testenv.System(), key.ID).Name; got != key.Name {
			t.Errorf("another organisation's admin renamed the key to %q", got)
		}
		keysWantNothingWritten(t, env, 1, 1)
	})
}

// keysSettings are the key settings' mutations, with the message a member
// gets.
var keysSettings = []struct{ name, query, member string }{
	{"renameApiKey", `mutation($id: ID!) { renameApiKey(id: $id, name: "Probe") { id } }`, "Only admins can rename API keys"},
	{"setApiKeyAllowedIps", `mutation($id: ID!) { setApiKeyAllowedIps(id: $id, cidrs: ["10.0.0.0/8"]) { id } }`,
		"Only admins can change the addresses an API key may be used from"},
}

// Members and API keys cannot change a key's settings; nothing changes.
func TestKeysSettingsForbidden(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		env.User(org, "mo@acme.test", user.RoleMEMBER)
		member := env.SignIn("mo@acme.test", testenv.Password)
		tok, key := env.IssueKey(org, "vehicles.read", "vehicles.write")
		bearer := env.Bearer(tok)
		for _, op := range keysSettings {
			t.Run(op.name, func(t *testing.T) {
				r := member.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if r.Message() != op.member {
					t.Errorf("member: message = %q, want %q", r.Message(), op.member)
				}
				r = bearer.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if !strings.Contains(r.Message(), "API keys cannot") {
					t.Errorf("key: message = %q, want it to say API keys cannot do this", r.Message())
				}
			})
		}
		stored := env.DB.APIKey.GetX(testenv.System(), key.ID)
		if stored.Name != key.Name || len(stored.AllowedIps) != 0 {
			t.Errorf("the key changed: name %q, allowed %v", stored.Name, stored.AllowedIps)
		}
		keysWantNothingWritten(t, env, 1, 1)
	})
}
