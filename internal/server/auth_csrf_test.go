package server_test

import (
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const authCreateKeyMutation = `mutation { createApiKey(input: {name: "CSRF probe", expiry: THREE_MONTHS}) { token } }`

func TestCSRFRequiredWithSessionCookie(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "bob@acme.test", user.RoleADMIN)
		ada := env.SignIn("ada@acme.test", testenv.Password)
		bob := env.SignIn("bob@acme.test", testenv.Password)
		secret, csrf := ada.Cookie("importops_session"), ada.Cookie("importops_csrf")

		cases := []struct {
			name                   string
			cookieCSRF, headerCSRF string
		}{
			{"no header", csrf, ""},
			{"no header, no csrf cookie", "", ""},
			{"wrong header", csrf, "not-the-token"},
			{"header of another session", csrf, bob.Cookie("importops_csrf")},
			{"cookie and header both of another session", bob.Cookie("importops_csrf"), bob.Cookie("importops_csrf")},
			{"cookie and header both forged alike", "forged-by-evil-example", "forged-by-evil-example"},
			{"header without the csrf cookie", "", csrf},
			{"header differing in case", csrf, authSwapCase(csrf)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, q := range []string{authViewerQuery, `{ vehicles { totalCount } }`, `{ keys { totalCount } }`, authCreateKeyMutation, `mutation { signOut }`} {
					keysBefore := env.DB.APIKey.Query().CountX(testenv.System())
					resp := env.Anonymous().Send(authCookieRequest(t, env, q, secret, c.cookieCSRF, c.headerCSRF))
					resp.WantError(t, 403, "CSRF")
					if string(resp.Data) != "" && string(resp.Data) != "null" {
						t.Errorf("%s: a refused request returned data %s", q, resp.Data)
					}
					if n := env.DB.APIKey.Query().CountX(testenv.System()); n != keysBefore {
						t.Fatalf("%s: %d keys after a refused request, want %d", q, n, keysBefore)
					}
				}
			})
		}

		// None of that ended or spoiled the session: with the right token
		// it still works.
		var v authViewerData
		ada.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil || v.Viewer.User.Email != "ada@acme.test" {
			t.Fatalf("viewer after the refused requests = %+v", v.Viewer)
		}
		if n := env.DB.APIKey.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d keys were created without a CSRF token", n)
		}
	})
}

// authSwapCase flips the case of every letter, so a comparison that ignores
// case would accept it.
func authSwapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

func TestCSRFClientWithoutHeader(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "bob@acme.test", user.RoleMEMBER)
		c := env.SignIn("ada@acme.test", testenv.Password)
		c.NoCSRF = true

		c.Do(authViewerQuery, nil).WantError(t, 403, "CSRF")
		c.Do(authCreateKeyMutation, nil).WantError(t, 403, "CSRF")
		c.Do(`mutation { createVehicle(input: {vin: "1HGCM82633A004352", make: "Honda", model: "Accord", year: 2003}) { id } }`, nil).
			WantError(t, 403, "CSRF")
		// signIn mixed with another field is not signIn alone.
		c.Do(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { role } createApiKey(input: {name: "x", expiry: ONE_YEAR}) { token } }`,
			testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}).WantError(t, 403, "CSRF")
		if n := env.DB.APIKey.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d keys created without a CSRF token", n)
		}
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created without a CSRF token", n)
		}

		// signIn needs no CSRF token, even while holding a session cookie:
		// it replaces that session.
		old := c.Cookie("importops_session")
		var d authSignInData
		c.Do(authSignInMutation, testenv.Vars{"e": "bob@acme.test", "p": testenv.Password}).Decode(t, &d)
		if d.SignIn.User == nil || d.SignIn.User.Email != "bob@acme.test" {
			t.Fatalf("signIn without CSRF header = %+v", d.SignIn.User)
		}
		if c.Cookie("importops_session") == old {
			t.Errorf("signing in again kept the old session cookie")
		}
		c.NoCSRF = false
		var v authViewerData
		c.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil || v.Viewer.User.Email != "bob@acme.test" {
			t.Errorf("viewer after signing in again = %+v, want bob", v.Viewer)
		}
	})
}
