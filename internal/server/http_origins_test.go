package server_test

import (
	"net/http"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const (
	authAppOrigin  = "https://app.importops.example"
	authEvilOrigin = "https://evil.example"
)

func TestOriginsForCookieRequests(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CORSOrigins: []string{authAppOrigin}})
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		c := env.SignIn("ada@acme.test", testenv.Password)

		send := func(q string, headers map[string]string) *testenv.Response {
			t.Helper()
			req := authJSONRequest(t, env, q, nil)
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			return c.Send(req)
		}

		refused := []struct {
			name    string
			headers map[string]string
		}{
			{"other origin", map[string]string{"Origin": authEvilOrigin}},
			{"other origin, same-origin claimed", map[string]string{"Origin": authEvilOrigin, "Sec-Fetch-Site": "same-origin"}},
			{"configured origin over http", map[string]string{"Origin": "http://app.importops.example"}},
			{"configured origin with a port", map[string]string{"Origin": authAppOrigin + ":8443"}},
			{"server's host over https", map[string]string{"Origin": "https://" + strings.TrimPrefix(env.URL, "http://")}},
			{"subdomain of the configured origin", map[string]string{"Origin": "https://evil.app.importops.example"}},
			{"cross-site fetch without Origin", map[string]string{"Sec-Fetch-Site": "cross-site"}},
			{"same-site fetch without Origin", map[string]string{"Sec-Fetch-Site": "same-site"}},
		}
		for _, r := range refused {
			t.Run("refused/"+r.name, func(t *testing.T) {
				keysBefore := env.DB.APIKey.Query().CountX(testenv.System())
				for _, q := range []string{authViewerQuery, authCreateKeyMutation} {
					resp := send(q, r.headers)
					if resp.Status != http.StatusForbidden {
						t.Errorf("%.20s: %d %s, want 403", q, resp.Status, resp.Raw)
					}
					if strings.Contains(resp.Raw, "ada@acme.test") || strings.Contains(resp.Raw, `"token"`) {
						t.Errorf("a refused request was served: %s", resp.Raw)
					}
					if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" && got != authAppOrigin {
						t.Errorf("Access-Control-Allow-Origin = %q for a refused origin", got)
					}
				}
				if n := env.DB.APIKey.Query().CountX(testenv.System()); n != keysBefore {
					t.Errorf("a refused cross-origin request created a key")
				}
			})
		}

		// A page elsewhere cannot sign a browser in either (login CSRF).
		sessions := env.DB.Session.Query().CountX(testenv.System())
		req := authJSONRequest(t, env, authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
		req.Header.Set("Origin", authEvilOrigin)
		if resp := env.Anonymous().Send(req); resp.Status != http.StatusForbidden || len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("signIn from another origin: %d %q %s", resp.Status, resp.Header.Values("Set-Cookie"), resp.Raw)
		}
		if n := env.DB.Session.Query().CountX(testenv.System()); n != sessions {
			t.Errorf("signIn from another origin created a session")
		}

		allowed := []struct {
			name    string
			headers map[string]string
			cors    bool
		}{
			{"no Origin (same-origin GET-like or a program)", nil, false},
			{"server's own origin", map[string]string{"Origin": env.URL, "Sec-Fetch-Site": "same-origin"}, false},
			{"same-origin fetch without Origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, false},
			{"configured origin", map[string]string{"Origin": authAppOrigin, "Sec-Fetch-Site": "cross-site"}, true},
		}
		for _, a := range allowed {
			t.Run("allowed/"+a.name, func(t *testing.T) {
				var v authViewerData
				resp := send(authViewerQuery, a.headers)
				resp.Decode(t, &v)
				if v.Viewer == nil || v.Viewer.User == nil {
					t.Fatalf("viewer = %+v, want the signed-in admin", v.Viewer)
				}
				acao, acac := resp.Header.Get("Access-Control-Allow-Origin"), resp.Header.Get("Access-Control-Allow-Credentials")
				if a.cors {
					if acao != authAppOrigin || acac != "true" {
						t.Errorf("CORS headers = %q, %q; want %q with credentials", acao, acac, authAppOrigin)
					}
				} else if acao != "" {
					t.Errorf("Access-Control-Allow-Origin = %q for a same-origin request", acao)
				}
			})
		}
	})
}

func TestCORSPreflight(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CORSOrigins: []string{authAppOrigin}})
		preflight := func(origin string) *http.Response {
			req, _ := http.NewRequest(http.MethodOptions, env.URL+"/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type,x-csrf-token")
			resp, _ := authRaw(t, req)
			return resp
		}

		resp := preflight(authAppOrigin)
		if resp.StatusCode >= 300 {
			t.Errorf("preflight from the configured origin: status %d", resp.StatusCode)
		}
		h := resp.Header
		if h.Get("Access-Control-Allow-Origin") != authAppOrigin || h.Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("preflight from the configured origin: Allow-Origin %q, Allow-Credentials %q",
				h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Allow-Credentials"))
		}
		if !strings.Contains(strings.ToUpper(h.Get("Access-Control-Allow-Methods")), "POST") {
			t.Errorf("Access-Control-Allow-Methods = %q, want POST", h.Get("Access-Control-Allow-Methods"))
		}
		allowHeaders := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
		for _, want := range []string{"content-type", "x-csrf-token"} {
			if !strings.Contains(allowHeaders, want) {
				t.Errorf("Access-Control-Allow-Headers = %q, want %s", allowHeaders, want)
			}
		}

		for _, origin := range []string{authEvilOrigin, "null", "http://app.importops.example"} {
			resp = preflight(origin)
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("preflight from %s: Access-Control-Allow-Origin = %q, want none", origin, got)
			}
			if got := resp.Header.Get("Access-Control-Allow-Credentials"); got != "" {
				t.Errorf("preflight from %s: Access-Control-Allow-Credentials = %q, want none", origin, got)
			}
		}
	})
}

// Bearer requests are not tied to an origin: an integration may call from
// anywhere, since no ambient browser credential rides along.
func TestBearerFromAnyOrigin(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CORSOrigins: []string{authAppOrigin}})
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org)
		for _, h := range []map[string]string{
			{"Origin": authEvilOrigin},
			{"Origin": authEvilOrigin, "Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "cross-site"},
		} {
			req := authJSONRequest(t, env, `{ viewer { organization { slug } } }`, nil)
			for k, v := range h {
				req.Header.Set(k, v)
			}
			var v struct {
				Viewer struct{ Organization struct{ Slug string } }
			}
			env.Bearer(tok).Send(req).Decode(t, &v)
			if v.Viewer.Organization.Slug != "acme" {
				t.Errorf("bearer request with %v = %+v", h, v)
			}
		}
	})
}

// With no --cors-origin at all, CORS allows nobody: rs/cors would
// otherwise read an empty list as "*".
func TestCORSWithoutConfiguredOrigins(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		req, _ := http.NewRequest(method, env.URL+"/graphql", strings.NewReader(`{"query":"{viewer{role}}"}`))
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,x-csrf-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s from evil.example: Access-Control-Allow-Origin = %q, want none", method, got)
		}
		if got := resp.Header.Get("Access-Control-Allow-Credentials"); got != "" {
			t.Errorf("%s from evil.example: Access-Control-Allow-Credentials = %q, want none", method, got)
		}
	}
}

// The web app of a --cors-origin on another host cannot read this API's
// importops_csrf cookie. It reads the token from the X-CSRF-Token response
// header instead, which CORS exposes to the trusted origins alone: after
// signIn, and (after a reload) on any response to its session cookie.
func TestCSRFTokenForAnotherHost(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t), testenv.Options{CORSOrigins: []string{authAppOrigin}})
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	app := env.Anonymous()
	app.NoCSRF = true // it cannot read the cookie
	app.Header().Set("Origin", authAppOrigin)

	resp := app.Do(`mutation { signIn(email: "ada@acme.test", password: "`+testenv.Password+`") { role } }`, nil)
	token := resp.Header.Get("X-CSRF-Token")
	if resp.Status != http.StatusOK || token == "" || token != app.Cookie("importops_csrf") {
		t.Fatalf("signIn from the app: %d, X-CSRF-Token %q (cookie %q)", resp.Status, token, app.Cookie("importops_csrf"))
	}
	if exposed := resp.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(strings.ToLower(exposed), "x-csrf-token") {
		t.Errorf("Access-Control-Expose-Headers = %q, want X-CSRF-Token exposed to the app", exposed)
	}

	// After a reload the app has lost the token: its first request is
	// refused, and the refusal tells it the token.
	resp = app.Do(`{ viewer { role } }`, nil)
	resp.WantError(t, http.StatusForbidden, "CSRF")
	if got := resp.Header.Get("X-CSRF-Token"); got != token {
		t.Fatalf("the CSRF refusal carries X-CSRF-Token %q, want %q", got, token)
	}
	app.Header().Set("X-CSRF-Token", token)
	var v struct{ Viewer struct{ Role string } }
	app.Do(`{ viewer { role } }`, nil).Decode(t, &v)
	if v.Viewer.Role != "ADMIN" {
		t.Errorf("viewer with the header's token = %+v", v)
	}

	// Another origin is refused before any token is handed out.
	evil := env.Anonymous()
	evil.Header().Set("Origin", authEvilOrigin)
	resp = evil.Do(`mutation { signIn(email: "ada@acme.test", password: "`+testenv.Password+`") { role } }`, nil)
	if resp.Status != http.StatusForbidden || resp.Header.Get("X-CSRF-Token") != "" {
		t.Errorf("signIn from another origin: %d, X-CSRF-Token %q", resp.Status, resp.Header.Get("X-CSRF-Token"))
	}
}
