package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// Helpers for the authentication and HTTP tests (auth_*_test.go,
// http_*_test.go). Their names start with "auth" so that they do not clash
// with other files of package server_test.

// authViewerQuery asks for everything Viewer holds.
const authViewerQuery = `{ viewer {
  user { id name email }
  apiKey { id prefix }
  organization { name slug plan apiAccess }
  role
} }`

// authViewerData is the decoded answer to authViewerQuery.
type authViewerData struct {
	Viewer *struct {
		User *struct {
			ID, Name, Email string
		}
		ApiKey *struct {
			ID, Prefix string
		}
		Organization struct {
			Name, Slug, Plan string
			ApiAccess        bool
		}
		Role *string
	}
}

const authSignInMutation = `mutation($e: String!, $p: String!) {
  signIn(email: $e, password: $p) {
    user { id name email }
    apiKey { id }
    organization { name slug plan apiAccess }
    role
  }
}`

// authSignInData is the decoded answer to authSignInMutation.
type authSignInData struct {
	SignIn struct {
		User *struct {
			ID, Name, Email string
		}
		ApiKey       *struct{ ID string }
		Organization struct {
			Name, Slug, Plan string
			ApiAccess        bool
		}
		Role *string
	}
}

// authJSONRequest builds a GraphQL POST to env's /graphql.
func authJSONRequest(t testing.TB, env *testenv.Env, query string, vars testenv.Vars) *http.Request {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, env.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

// authRaw sends req with a plain client: no cookie jar, no redirects
// followed, nothing added. It returns the response and its body.
func authRaw(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// authSetCookies parses the Set-Cookie headers of a response by name, and
// keeps each raw header line for attribute checks.
func authSetCookies(t testing.TB, h http.Header) (map[string]*http.Cookie, map[string]string) {
	t.Helper()
	parsed := map[string]*http.Cookie{}
	raw := map[string]string{}
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatalf("bad Set-Cookie %q: %v", line, err)
		}
		if _, dup := parsed[c.Name]; dup {
			t.Errorf("cookie %s set twice in one response", c.Name)
		}
		parsed[c.Name] = c
		raw[c.Name] = line
	}
	return parsed, raw
}

// authHasAttr reports whether a raw Set-Cookie line carries attribute attr
// (case-insensitive, e.g. "HttpOnly", "Secure", "SameSite=Lax", "Path=/").
func authHasAttr(line, attr string) bool {
	for _, part := range strings.Split(line, ";")[1:] {
		if strings.EqualFold(strings.TrimSpace(part), attr) {
			return true
		}
	}
	return false
}

// authCookieRequest builds a GraphQL POST that carries exactly the given
// cookies and CSRF header (empty ones are left out): a browser replaying
// or forging values. Send it with env.Anonymous().Send or authRaw.
func authCookieRequest(t testing.TB, env *testenv.Env, query string, session, csrfCookie, csrfHeader string) *http.Request {
	t.Helper()
	req := authJSONRequest(t, env, query, nil)
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "importops_session", Value: session})
	}
	if csrfCookie != "" {
		req.AddCookie(&http.Cookie{Name: "importops_csrf", Value: csrfCookie})
	}
	if csrfHeader != "" {
		req.Header.Set("X-CSRF-Token", csrfHeader)
	}
	return req
}
