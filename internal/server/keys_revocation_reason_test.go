package server_test

import (
	"testing"

	"importops/ent/user"
	"importops/internal/testenv"
)

const revocationFields = `id status revocationReason revokedBy { id name email }`

type revocationNode struct {
	ID, Status       string
	RevocationReason *string
	RevokedBy        *struct{ ID, Name, Email string }
}

// An admin's revocation records reason REVOKED and the admin as revokedBy,
// in the mutation's answer and in the list; a key that is not revoked has
// neither. revokedBy becomes null when that admin is removed, while the
// reason stays.
func TestKeysRevocationReasonByAdmin(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, ada, admin := keysSetup(t, url)
		env.User(org, "bob@acme.test", user.RoleADMIN)
		bob := env.SignIn("bob@acme.test", testenv.Password)
		revoked := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		kept := keysCreate(t, admin, map[string]any{"name": "Website", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey

		var d struct {
			RevokeApiKey struct{ ApiKey revocationNode }
		}
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { `+revocationFields+` } } }`,
			testenv.Vars{"id": revoked.ID}).Decode(t, &d)
		got := d.RevokeApiKey.ApiKey
		if got.Status != "REVOKED" || got.RevocationReason == nil || *got.RevocationReason != "REVOKED" {
			t.Errorf("revoked key: status %s, reason %v; want REVOKED and REVOKED", got.Status, got.RevocationReason)
		}
		if got.RevokedBy == nil || got.RevokedBy.ID != keysID(ada.ID) || got.RevokedBy.Name != keysAdminName {
			t.Errorf("revokedBy = %+v, want the admin %d (%s)", got.RevokedBy, ada.ID, keysAdminName)
		}

		list := func() map[string]revocationNode {
			var l struct {
				Keys struct {
					Edges []struct{ Node revocationNode }
				}
			}
			bob.Do(`{ keys(first: 10) { edges { node { `+revocationFields+` } } } }`, nil).Decode(t, &l)
			m := map[string]revocationNode{}
			for _, e := range l.Keys.Edges {
				m[e.Node.ID] = e.Node
			}
			return m
		}
		keys := list()
		if k := keys[kept.ID]; k.Status != "ACTIVE" || k.RevocationReason != nil || k.RevokedBy != nil {
			t.Errorf("a key that is not revoked: %+v, want no reason and no revokedBy", k)
		}
		if k := keys[revoked.ID]; k.RevocationReason == nil || *k.RevocationReason != "REVOKED" || k.RevokedBy == nil || k.RevokedBy.Email != "ada@acme.test" {
			t.Errorf("the revoked key in the list: %+v, want reason REVOKED by ada@acme.test", k)
		}

		if err := env.DB.User.DeleteOneID(ada.ID).Exec(testenv.System()); err != nil {
			t.Fatal(err)
		}
		if k := list()[revoked.ID]; k.RevokedBy != nil || k.RevocationReason == nil || *k.RevocationReason != "REVOKED" {
			t.Errorf("after the admin's removal: %+v, want revokedBy null and the reason kept", k)
		}
	})
}
