package server_test

import (
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

const hstsValue = "max-age=31536000"

// hstsSignIn signs in with X-Forwarded-Proto proto (none if "") and
// returns the response.
func hstsSignIn(t *testing.T, env *testenv.Env, proto string) *testenv.Response {
	t.Helper()
	req := authJSONRequest(t, env, authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
	if proto != "" {
		req.Header.Set("X-Forwarded-Proto", proto)
	}
	resp := env.Anonymous().Send(req)
	if resp.Status != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("sign-in with X-Forwarded-Proto %q: %d %s", proto, resp.Status, resp.Raw)
	}
	return resp
}

// hstsCookiesSecure reports whether every cookie resp sets is Secure,
// failing if it sets none.
func hstsCookiesSecure(t *testing.T, resp *testenv.Response) bool {
	t.Helper()
	lines := resp.Header.Values("Set-Cookie")
	if len(lines) == 0 {
		t.Fatal("sign-in set no cookie")
	}
	secure := 0
	for _, l := range lines {
		if authHasAttr(l, "Secure") {
			secure++
		}
	}
	if secure != 0 && secure != len(lines) {
		t.Fatalf("some cookies Secure, some not: %q", lines)
	}
	return secure == len(lines)
}

// Strict-Transport-Security is sent when the browser reached us over
// HTTPS: through a trusted proxy that says so, or directly. A header
// anyone can send does not make a plain request HTTPS, for HSTS or for the
// cookies' Secure flag.
func TestHSTSOverHTTPSOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		plain := testenv.New(t, url)
		proxied := fairuseBehindProxy(t, url)
		org := plain.Org("acme", organization.PlanPRO)
		plain.User(org, "ada@acme.test", user.RoleADMIN)

		cases := []struct {
			name  string
			env   *testenv.Env
			proto string
			https bool
		}{
			{"plain HTTP", plain, "", false},
			{"X-Forwarded-Proto from a peer that is not a trusted proxy", plain, "https", false},
			{"a trusted proxy on plain HTTP", proxied, "http", false},
			{"a trusted proxy that terminated TLS", proxied, "https", true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resp := hstsSignIn(t, tc.env, tc.proto)
				want := ""
				if tc.https {
					want = hstsValue
				}
				if got := resp.Header.Get("Strict-Transport-Security"); got != want {
					t.Errorf("Strict-Transport-Security = %q, want %q", got, want)
				}
				if got := hstsCookiesSecure(t, resp); got != tc.https {
					t.Errorf("cookies Secure = %v, want %v: %q", got, tc.https, resp.Header.Values("Set-Cookie"))
				}
				// Refusals carry it too.
				c := tc.env.Bearer("iops_" + strings.Repeat("C", 38))
				if tc.proto != "" {
					c.Header().Set("X-Forwarded-Proto", tc.proto)
				}
				if got := c.Do(fairuseQuery, nil).Header.Get("Strict-Transport-Security"); got != want {
					t.Errorf("on a 401: Strict-Transport-Security = %q, want %q", got, want)
				}
			})
		}

		t.Run("TLS directly", func(t *testing.T) {
			srv := httptest.NewTLSServer(server.Handler(server.Config{DB: plain.DB, Log: slog.New(slog.DiscardHandler), LastUsed: plain.LastUsed}))
			defer srv.Close()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Strict-Transport-Security"); resp.StatusCode != http.StatusOK || got != hstsValue {
				t.Errorf("over TLS: %d, Strict-Transport-Security = %q, want %q", resp.StatusCode, got, hstsValue)
			}
		})
	})
}
