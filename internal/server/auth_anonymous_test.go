package server_test

import (
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

func TestNoCredentials(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		_, key := env.IssueKey(org)
		anon := env.Anonymous()

		var v authViewerData
		anon.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer != nil {
			t.Errorf("viewer without credentials = %+v, want null", v.Viewer)
		}

		ops := map[string]string{
			"keys":                `{ keys { totalCount } }`,
			"auditLog":            `{ auditLog { totalCount } }`,
			"vehicles":            `{ vehicles { totalCount } }`,
			"vehicle":             `{ vehicle(vin: "1HGCM82633A004352") { id } }`,
			"createApiKey":        authCreateKeyMutation,
			"revokeApiKey":        `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { status } } }`,
			"createVehicle":       `mutation { createVehicle(input: {vin: "1HGCM82633A004352", make: "Honda", model: "Accord", year: 2003}) { id } }`,
			"updateVehicleStatus": `mutation { updateVehicleStatus(vin: "1HGCM82633A004352", status: CLEARED) { id } }`,
			"signOut":             `mutation { signOut }`,
		}
		for name, q := range ops {
			t.Run(name, func(t *testing.T) {
				resp := anon.Do(q, testenv.Vars{"id": key.ID})
				if resp.Code() != "UNAUTHENTICATED" {
					t.Fatalf("want UNAUTHENTICATED, got %d %s", resp.Status, resp.Raw)
				}
				if resp.Message() == "" {
					t.Errorf("empty message")
				}
			})
		}
		if n := env.DB.APIKey.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d keys, want only the fixture's", n)
		}
		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.RevokedAt != nil {
			t.Errorf("an anonymous request revoked the key")
		}
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created anonymously", n)
		}

		// signIn works without credentials.
		var d authSignInData
		anon.Do(authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}).Decode(t, &d)
		if d.SignIn.User == nil {
			t.Errorf("signIn without credentials failed")
		}
	})
}

// An unknown session cookie is no session: the request runs signed out
// (viewer null), and the stale cookies are cleared.
func TestUnknownSessionCookie(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		resp := env.Anonymous().Send(authCookieRequest(t, env, authViewerQuery, "MADEUPSESSIONSECRETVALUE00", "x", "x"))
		var v authViewerData
		resp.Decode(t, &v)
		if v.Viewer != nil {
			t.Errorf("viewer with a made-up session = %+v", v.Viewer)
		}
		cookies, _ := authSetCookies(t, resp.Header)
		if c := cookies["importops_session"]; c == nil || c.Value != "" || c.MaxAge >= 0 {
			t.Errorf("the stale session cookie was not cleared: %q", resp.Header.Values("Set-Cookie"))
		}
		resp = env.Anonymous().Send(authCookieRequest(t, env, `{ vehicles { totalCount } }`, "MADEUPSESSIONSECRETVALUE00", "x", "x"))
		if resp.Code() != "UNAUTHENTICATED" {
			t.Errorf("vehicles with a made-up session: %d %s", resp.Status, resp.Raw)
		}
	})
}
