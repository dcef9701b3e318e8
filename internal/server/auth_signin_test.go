package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/server"
	"importops/internal/testenv"
)

func TestSignInReturnsViewer(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		ada := env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		core := env.Org("corp", organization.PlanCORE)
		env.User(core, "cy@corp.test", user.RoleMEMBER)

		var d authSignInData
		env.Anonymous().Do(authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}).Decode(t, &d)
		s := d.SignIn
		if s.User == nil || s.User.ID != fmt.Sprint(ada.ID) || s.User.Email != "ada@acme.test" || s.User.Name != "Name of ada@acme.test" {
			t.Errorf("user = %+v, want ada (id %d)", s.User, ada.ID)
		}
		if s.ApiKey != nil {
			t.Errorf("apiKey = %+v, want null for a team member", s.ApiKey)
		}
		if s.Organization.Name != "Org acme" || s.Organization.Slug != "acme" || s.Organization.Plan != "PRO" || !s.Organization.ApiAccess {
			t.Errorf("organization = %+v, want acme on PRO with API access", s.Organization)
		}
		if s.Role == nil || *s.Role != "ADMIN" {
			t.Errorf("role = %v, want ADMIN", s.Role)
		}

		// The session works for the next requests, and says the same.
		var v authViewerData
		env.SignIn("max@acme.test", testenv.Password).Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil || v.Viewer.User.Email != "max@acme.test" ||
			v.Viewer.Role == nil || *v.Viewer.Role != "MEMBER" || v.Viewer.ApiKey != nil {
			t.Errorf("viewer of the member = %+v", v.Viewer)
		}

		env.SignIn("cy@corp.test", testenv.Password).Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.Organization.Plan != "CORE" || v.Viewer.Organization.ApiAccess || v.Viewer.Organization.Slug != "corp" {
			t.Errorf("viewer on Core = %+v, want plan CORE without API access", v.Viewer)
		}
	})
}

func TestSignInRefusalsLookAlike(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.Staff("sam@importops.test", "Sam Support")
		// Give the support member a password, as if one had been set some
		// other way: support still may not sign in to the settings page.
		hash := env.DB.User.Query().Where(user.Email("ada@acme.test")).OnlyX(testenv.System()).PasswordHash
		env.Exec("UPDATE users SET password_hash = ? WHERE email = ?", hash, "sam@importops.test")

		sessionsBefore := env.DB.Session.Query().CountX(testenv.System())
		cases := []struct{ name, email, password string }{
			{"wrong password", "ada@acme.test", "not the password"},
			{"empty password", "ada@acme.test", ""},
			{"unknown email", "nobody@acme.test", testenv.Password},
			{"support member", "sam@importops.test", testenv.Password},
			{"support member, no password", "sam@importops.test", ""},
		}
		var first string
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp := env.Anonymous().Do(authSignInMutation, testenv.Vars{"e": c.email, "p": c.password})
				if resp.Code() != "UNAUTHENTICATED" {
					t.Fatalf("want UNAUTHENTICATED, got %d %s", resp.Status, resp.Raw)
				}
				if first == "" {
					first = resp.Message()
				}
				if resp.Message() != first {
					t.Errorf("message %q differs from %q: it tells which emails have accounts", resp.Message(), first)
				}
				if strings.Contains(strings.ToLower(resp.Message()), "staff") || strings.Contains(resp.Message(), c.email) {
					t.Errorf("message %q gives away who the email belongs to", resp.Message())
				}
				if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
					t.Errorf("a refused sign-in set cookies: %q", sc)
				}
			})
		}
		if first == "" {
			t.Fatal("no message")
		}
		if n := env.DB.Session.Query().CountX(testenv.System()); n != sessionsBefore {
			t.Errorf("refused sign-ins left %d sessions, want %d", n, sessionsBefore)
		}
	})
}

func TestSignInEmailIsCaseInsensitiveAndTrimmed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		for _, email := range []string{"Ada@Acme.TEST", "  ada@acme.test\t", " ADA@ACME.TEST "} {
			var d authSignInData
			env.Anonymous().Do(authSignInMutation, testenv.Vars{"e": email, "p": testenv.Password}).Decode(t, &d)
			if d.SignIn.User == nil || d.SignIn.User.Email != "ada@acme.test" {
				t.Errorf("signing in as %q gave %+v, want ada@acme.test", email, d.SignIn.User)
			}
		}
		// The password, unlike the email, is taken exactly as typed.
		resp := env.Anonymous().Do(authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": " " + testenv.Password})
		if resp.Code() != "UNAUTHENTICATED" {
			t.Errorf("a password with a leading space signed in: %s", resp.Raw)
		}
	})
}

func TestSignInCookies(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)

		resp, body := authRaw(t, authJSONRequest(t, env, authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}))
		if resp.StatusCode != 200 || strings.Contains(body, `"errors"`) {
			t.Fatalf("sign-in: %d %s", resp.StatusCode, body)
		}
		cookies, raw := authSetCookies(t, resp.Header)
		sess, csrf := cookies["importops_session"], cookies["importops_csrf"]
		if sess == nil || csrf == nil {
			t.Fatalf("Set-Cookie = %q, want importops_session and importops_csrf", resp.Header.Values("Set-Cookie"))
		}
		if sess.Value == "" || csrf.Value == "" || sess.Value == csrf.Value {
			t.Errorf("session %q and csrf %q must be set and differ", sess.Value, csrf.Value)
		}
		line := raw["importops_session"]
		for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
			if !authHasAttr(line, attr) {
				t.Errorf("session cookie %q lacks %s", line, attr)
			}
		}
		if authHasAttr(line, "Secure") {
			t.Errorf("session cookie %q is Secure over plain HTTP: a browser would drop it", line)
		}
		line = raw["importops_csrf"]
		if authHasAttr(line, "HttpOnly") {
			t.Errorf("csrf cookie %q is HttpOnly: the page cannot read it", line)
		}
		if !authHasAttr(line, "Path=/") || !authHasAttr(line, "SameSite=Lax") {
			t.Errorf("csrf cookie %q lacks Path=/ or SameSite=Lax", line)
		}
		if authHasAttr(line, "Secure") {
			t.Errorf("csrf cookie %q is Secure over plain HTTP", line)
		}
		// The response with the session must not be stored by a cache
		// shared with others... at least it must not be marked public.
		if strings.Contains(resp.Header.Get("Cache-Control"), "public") {
			t.Errorf("sign-in response is cacheable: %q", resp.Header.Get("Cache-Control"))
		}

		// The cookies as set work: a request with them is the signed-in user.
		var v authViewerData
		env.Anonymous().Send(authCookieRequest(t, env, authViewerQuery, sess.Value, csrf.Value, csrf.Value)).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil || v.Viewer.User.Email != "ada@acme.test" {
			t.Errorf("viewer with the cookies = %+v", v.Viewer)
		}
	})
}

func TestSignInCookiesSecureOverTLS(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url) // for its database and fixtures
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)

		srv := httptest.NewTLSServer(server.Handler(server.Config{DB: env.DB, Log: slog.New(slog.DiscardHandler), LastUsed: env.LastUsed}))
		defer srv.Close()
		req := authJSONRequest(t, env, authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
		req.URL.Scheme, req.URL.Host = "https", strings.TrimPrefix(srv.URL, "https://")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("sign-in over TLS: %d", resp.StatusCode)
		}
		cookies, raw := authSetCookies(t, resp.Header)
		for _, name := range []string{"importops_session", "importops_csrf"} {
			if cookies[name] == nil {
				t.Fatalf("no %s cookie over TLS: %q", name, resp.Header.Values("Set-Cookie"))
			}
			if !authHasAttr(raw[name], "Secure") {
				t.Errorf("%s = %q over TLS, want Secure", name, raw[name])
			}
		}
		if !authHasAttr(raw["importops_session"], "HttpOnly") || !authHasAttr(raw["importops_session"], "SameSite=Lax") {
			t.Errorf("session cookie over TLS = %q, want HttpOnly and SameSite=Lax too", raw["importops_session"])
		}
	})
}

func TestSessionStoredOnlyAsDigest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		c := env.SignIn("ada@acme.test", testenv.Password)
		secret, csrf := c.Cookie("importops_session"), c.Cookie("importops_csrf")
		if secret == "" || csrf == "" {
			t.Fatal("no cookies after sign-in")
		}

		rows, err := env.DB.SQL.Query("SELECT * FROM sessions")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		n := 0
		sum := sha256.Sum256([]byte(secret))
		digestSeen := false
		for rows.Next() {
			n++
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s := fmt.Sprintf("%v", v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				if strings.Contains(s, secret) || strings.Contains(strings.ToLower(s), strings.ToLower(secret)) {
					t.Errorf("column %s holds the session secret: %q", cols[i], s)
				}
				if strings.Contains(s, csrf) {
					t.Errorf("column %s holds the CSRF token: %q", cols[i], s)
				}
				if s == hex.EncodeToString(sum[:]) {
					digestSeen = true
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d sessions stored, want 1", n)
		}
		if !digestSeen {
			t.Errorf("no column holds the SHA-256 digest of the secret")
		}
		if strings.Contains(env.Logs(), secret) || strings.Contains(env.Logs(), csrf) {
			t.Errorf("the log holds the session secret or CSRF token")
		}
	})
}
