package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// TestGraphQLResponsesAreNotStored: every /graphql response, whatever
// answers it, says Cache-Control: no-store and X-Content-Type-Options:
// nosniff; createApiKey's, which holds the token, first of all.
func TestGraphQLResponsesAreNotStored(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL, testenv.Options{CORSOrigins: []string{authAppOrigin}})
		env.User(env.Org("acme", organization.PlanPRO), "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)
		check := func(what string, status int, h http.Header) {
			t.Helper()
			if cc := h.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s (%d): Cache-Control = %q, want no-store", what, status, cc)
			}
			if n := h.Get("X-Content-Type-Options"); n != "nosniff" {
				t.Errorf("%s (%d): X-Content-Type-Options = %q, want nosniff", what, status, n)
			}
		}

		created := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS"}})
		if created.Status != 200 || !strings.Contains(created.Raw, `"token":"iops_`) {
			t.Fatalf("createApiKey: %d %s", created.Status, created.Raw)
		}
		check("createApiKey with its token", created.Status, created.Header)

		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "", "expiry": "THREE_MONTHS"}})
		check("a BAD_USER_INPUT", r.Status, r.Header)
		r = admin.Do(`{ viewer { organization { slug } } }`, nil)
		check("a query", r.Status, r.Header)
		r = admin.Do(`{ nosuchfield }`, nil)
		check("a query that does not validate", r.Status, r.Header)

		get, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?"+url.Values{"query": {"{ viewer { organization { slug } } }"}}.Encode(), nil)
		r = admin.Send(get)
		check("a query over GET", r.Status, r.Header)

		r = env.Bearer("iops_"+strings.Repeat("x", 38)).Do(`{ viewer { organization { slug } } }`, nil)
		check("an unknown API key (401)", r.Status, r.Header)
		r = env.Anonymous().Do(`{ viewer { organization { slug } } }`, nil)
		check("no credentials", r.Status, r.Header)
		foreign := env.Anonymous()
		foreign.Header().Set("Origin", "https://evil.example")
		r = foreign.Do(`mutation { signIn(email: "ada@acme.test", password: "x") { user { id } } }`, nil)
		check("a foreign origin (CSRF)", r.Status, r.Header)

		for _, tc := range []struct {
			what, method, contentType, body string
		}{
			{"405", http.MethodPut, "application/json", "{}"},
			{"415", http.MethodPost, "text/plain", "{}"},
			{"413", http.MethodPost, "application/json", strings.Repeat("x", 1<<20+1)},
		} {
			req, _ := http.NewRequest(tc.method, env.URL+"/graphql", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			resp, _ := authRaw(t, req)
			check(tc.what, resp.StatusCode, resp.Header)
		}

		for _, origin := range []string{authAppOrigin, "https://evil.example"} {
			req, _ := http.NewRequest(http.MethodOptions, env.URL+"/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			resp, _ := authRaw(t, req)
			check("CORS preflight from "+origin, resp.StatusCode, resp.Header)
		}
	})
}
