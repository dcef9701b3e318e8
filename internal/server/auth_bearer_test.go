package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/account"
	"importops/internal/audit"
	"importops/internal/testenv"
	"importops/internal/token"
)

// authWant401 checks a refused bearer request: HTTP 401, the
// WWW-Authenticate challenge, and exactly the GraphQL-shaped body of the
// contract, with a message containing one of want (lower case).
func authWant401(t *testing.T, resp *testenv.Response, tok string, want ...string) {
	t.Helper()
	if resp.Status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401: %s", resp.Status, resp.Raw)
	}
	if got := resp.Header.Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
		t.Errorf("WWW-Authenticate = %q", got)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(resp.Raw), &body); err != nil {
		t.Fatalf("body %q is not JSON: %v", resp.Raw, err)
	}
	errs, _ := body["errors"].([]any)
	if len(body) != 1 || len(errs) != 1 {
		t.Fatalf(`body = %s, want only {"errors":[one error]}`, resp.Raw)
	}
	e, _ := errs[0].(map[string]any)
	ext, _ := e["extensions"].(map[string]any)
	msg, _ := e["message"].(string)
	if len(e) != 2 || msg == "" || len(ext) != 1 || ext["code"] != "UNAUTHENTICATED" {
		t.Errorf(`error = %v, want {"message":…,"extensions":{"code":"UNAUTHENTICATED"}}`, e)
	}
	ok := false
	for _, w := range want {
		ok = ok || strings.Contains(strings.ToLower(msg), w)
	}
	if !ok {
		t.Errorf("message %q does not say which failure it was (%q)", msg, want)
	}
	if len(tok) > 12 && strings.Contains(resp.Raw, tok[12:]) {
		t.Errorf("the answer echoes the secret part of the token: %s", resp.Raw)
	}
}

// authMutate changes the character at i of tok to another one of the
// base62 alphabet (or to c when given).
func authMutate(tok string, i int, c byte) string {
	b := []byte(tok)
	if c == 0 {
		c = 'A'
		if b[i] == 'A' {
			c = 'B'
		}
	}
	b[i] = c
	return string(b)
}

func TestBearerRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)

		good, _ := env.IssueKey(org)
		expiredTok, expiredKey := env.IssueKey(org)
		env.ExpireKey(expiredKey, time.Now().Add(-time.Minute))
		revokedTok, revokedKey := env.IssueKey(org)
		var rv struct {
			RevokeApiKey struct{ ApiKey struct{ Status string } }
		}
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { status } } }`, testenv.Vars{"id": revokedKey.ID}).Decode(t, &rv)
		unknown, err := token.Generate()
		if err != nil {
			t.Fatal(err)
		}
		if token.Parse(unknown) != nil {
			t.Fatalf("token.Generate gave an invalid token %q", unknown)
		}

		cases := []struct {
			name   string
			header string
			want   []string
		}{
			{"Bearer with nothing", "Bearer ", []string{"missing"}},
			{"Bearer with spaces", "Bearer    ", []string{"missing"}},
			{"Basic scheme", "Basic xyz", []string{"missing"}},
			{"no scheme", good, []string{"missing"}},
			{"too short", "Bearer " + good[:42], []string{"malformed"}},
			{"too long", "Bearer " + good + "0", []string{"malformed"}},
			{"wrong marker", "Bearer iopz_" + good[5:], []string{"malformed"}},
			{"upper-case marker", "Bearer IOPS_" + good[5:], []string{"malformed"}},
			{"bad character in body", "Bearer " + authMutate(good, 10, '-'), []string{"malformed"}},
			{"bad character in checksum", "Bearer " + authMutate(good, 40, '_'), []string{"malformed"}},
			{"checksum mismatch in body", "Bearer " + authMutate(good, 20, 0), []string{"checksum"}},
			{"checksum mismatch in checksum", "Bearer " + authMutate(good, 42, 0), []string{"checksum"}},
			{"unknown", "Bearer " + unknown, []string{"not recognised", "not recognized", "unknown"}},
			{"expired", "Bearer " + expiredTok, []string{"expired"}},
			{"revoked", "Bearer " + revokedTok, []string{"revoked"}},
		}
		// One request per case: failed keys are rate limited per address.
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				q := authViewerQuery
				if i%2 == 1 {
					q = `{ vehicles { totalCount } }`
				}
				req := authJSONRequest(t, env, q, nil)
				req.Header.Set("Authorization", c.header)
				resp := env.Anonymous().Send(req)
				authWant401(t, resp, strings.TrimPrefix(c.header, "Bearer "), c.want...)
			})
		}

		// A refused key is not marked as used.
		env.FlushLastUsed()
		for _, id := range []int{expiredKey.ID, revokedKey.ID} {
			if k := env.DB.APIKey.GetX(testenv.System(), id); k.LastUsedAt != nil {
				t.Errorf("refused key %d has last used %v", id, k.LastUsedAt)
			}
		}
		// And the good key is accepted, so the cases above failed for the
		// reason they name.
		var v authViewerData
		env.Bearer(good).Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.ApiKey == nil || v.Viewer.ApiKey.Prefix != good[:12] {
			t.Errorf("viewer with the good key = %+v", v.Viewer)
		}
		// The scheme name is case-insensitive (RFC 7235).
		req := authJSONRequest(t, env, authViewerQuery, nil)
		req.Header.Set("Authorization", "bearer "+good)
		env.Anonymous().Send(req).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.ApiKey == nil {
			t.Errorf(`"bearer" in lower case was refused`)
		}
	})
}

func TestBearerPlanBindsNextRequest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org)
		c := env.Bearer(tok)
		ctx := context.Background()
		query := `{ viewer { organization { slug plan apiAccess } } vehicles { totalCount } }`

		var v struct {
			Viewer struct{ Organization struct{ Slug string } }
		}
		c.Do(query, nil).Decode(t, &v)

		if _, err := account.SetPlan(ctx, env.DB, "acme", organization.PlanCORE, audit.Actor{Name: account.SupportName}); err != nil {
			t.Fatal(err)
		}
		resp := c.Do(query, nil)
		resp.WantError(t, http.StatusForbidden, "PLAN_REQUIRED")
		if !strings.Contains(resp.Message(), "Pro") {
			t.Errorf("message %q does not say which plan is needed", resp.Message())
		}
		if string(resp.Data) != "" && string(resp.Data) != "null" {
			t.Errorf("a refused request returned data %s", resp.Data)
		}

		if _, err := account.SetPlan(ctx, env.DB, "acme", organization.PlanPRO, audit.Actor{Name: account.SupportName}); err != nil {
			t.Fatal(err)
		}
		c.Do(query, nil).Decode(t, &v)
		if v.Viewer.Organization.Slug != "acme" {
			t.Errorf("viewer after upgrading = %+v", v.Viewer)
		}

		if _, err := account.SetPlan(ctx, env.DB, "acme", organization.PlanCORE, audit.Actor{Name: account.SupportName}); err != nil {
			t.Fatal(err)
		}
		c.Do(query, nil).WantError(t, http.StatusForbidden, "PLAN_REQUIRED")
	})
}

func TestBearerWinsOverCookie(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		tok, key := env.IssueKey(org)
		c := env.SignIn("ada@acme.test", testenv.Password)

		c.Header().Set("Authorization", "Bearer "+tok)
		var v authViewerData
		c.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.ApiKey == nil || v.Viewer.User != nil || v.Viewer.Role != nil {
			t.Fatalf("viewer with a key and a cookie = %+v, want the key alone", v.Viewer)
		}
		if v.Viewer.ApiKey.Prefix != key.Prefix {
			t.Errorf("apiKey prefix = %q, want %q", v.Viewer.ApiKey.Prefix, key.Prefix)
		}
		// The key cannot manage keys, even though the admin's cookie rides
		// along.
		c.Do(authCreateKeyMutation, nil).WantError(t, 200, "FORBIDDEN")
		if n := env.DB.APIKey.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d keys, want 1: the cookie's admin rights were used", n)
		}

		// A bad key with a good cookie is refused, not served as the cookie.
		c.Header().Set("Authorization", "Bearer "+authMutate(tok, 20, 0))
		authWant401(t, c.Do(authViewerQuery, nil), "", "checksum")
		c.Header().Set("Authorization", "Basic xyz")
		authWant401(t, c.Do(authViewerQuery, nil), "", "missing")

		// Without the header, the cookie still works.
		c.Header().Del("Authorization")
		c.Do(authViewerQuery, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.User == nil || v.Viewer.ApiKey != nil {
			t.Errorf("viewer with only the cookie = %+v", v.Viewer)
		}
	})
}

func TestBearerTokenNotAcceptedInURL(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		tok, key := env.IssueKey(org)
		query := `{ viewer { organization { slug } } }`

		for _, param := range []string{"api_key", "apiKey", "access_token", "token"} {
			for _, withHeader := range []bool{false, true} {
				// GET with the query and the token in the URL.
				get, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?"+url.Values{"query": {query}, param: {tok}}.Encode(), nil)
				// POST with a JSON body and the token in the URL.
				post := authJSONRequest(t, env, query, nil)
				post.URL.RawQuery = url.Values{param: {tok}}.Encode()
				for _, req := range []*http.Request{get, post} {
					if withHeader {
						req.Header.Set("Authorization", "Bearer "+tok)
					}
					resp := env.Anonymous().Send(req)
					if resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" {
						t.Errorf("%s ?%s= (header %v): %d %s, want 401 UNAUTHENTICATED", req.Method, param, withHeader, resp.Status, resp.Raw)
					}
					if strings.Contains(resp.Raw, `"slug"`) {
						t.Errorf("%s ?%s=: served data with the token in the URL", req.Method, param)
					}
					if !strings.Contains(strings.ToLower(resp.Message()), "url") {
						t.Errorf("message %q does not say the URL is the problem", resp.Message())
					}
				}
			}
		}
		// The token in the URL never counted as a use, and was not logged.
		env.FlushLastUsed()
		if k := env.DB.APIKey.GetX(testenv.System(), key.ID); k.LastUsedAt != nil {
			t.Errorf("a token sent in the URL was recorded as used at %v", k.LastUsedAt)
		}
		if strings.Contains(env.Logs(), tok[12:]) {
			t.Errorf("the log holds the token sent in the URL")
		}
	})
}
