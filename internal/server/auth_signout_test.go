package server_test

import (
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

func TestSignOutEndsSessionOnServer(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		other := env.SignIn("ada@acme.test", testenv.Password) // another browser
		c := env.SignIn("ada@acme.test", testenv.Password)
		secret, csrf := c.Cookie("importops_session"), c.Cookie("importops_csrf")
		if n := env.DB.Session.Query().CountX(testenv.System()); n != 2 {
			t.Fatalf("%d sessions, want 2", n)
		}

		var out struct{ SignOut bool }
		resp := c.Do(`mutation { signOut }`, nil)
		resp.Decode(t, &out)
		if !out.SignOut {
			t.Errorf("signOut = false")
		}
		cookies, raw := authSetCookies(t, resp.Header)
		for _, name := range []string{"importops_session", "importops_csrf"} {
			ck := cookies[name]
			if ck == nil || ck.Value != "" || ck.MaxAge >= 0 || ck.Path != "/" {
				t.Errorf("%s not cleared by signOut: %q", name, raw[name])
			}
		}
		if c.Cookie("importops_session") != "" {
			t.Errorf("the browser still holds the session cookie")
		}
		if n := env.DB.Session.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d sessions after signOut, want 1 (the other browser's)", n)
		}

		// Replaying the old cookies (a copy kept by an attacker) signs
		// nobody in.
		replay := env.Anonymous()
		var v authViewerData
		replay.Send(authCookieRequest(t, env, authViewerQuery, secret, csrf, csrf)).Decode(t, &v)
		if v.Viewer != nil {
			t.Errorf("viewer with the signed-out cookies = %+v, want null", v.Viewer)
		}
		for _, q := range []string{`{ keys { totalCount } }`, `{ vehicles { totalCount } }`, `mutation { signOut }`} {
			r := replay.Send(authCookieRequest(t, env, q, secret, csrf, csrf))
			if r.Code() != "UNAUTHENTICATED" {
				t.Errorf("%s with the signed-out cookies: %d %s", q, r.Status, r.Raw)
			}
		}

		// The other browser's session is untouched.
		other.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil {
			t.Errorf("signing out one browser signed out the other")
		}
	})
}
