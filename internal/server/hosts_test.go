package server_test

import (
	"net/http"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const hostsRebind = "rebind.attacker.example"

// hostsPort is the port env listens on.
func hostsPort(env *testenv.Env) string {
	return env.URL[strings.LastIndex(env.URL, ":")+1:]
}

// hostsSignIn sends a sign-in as a browser at host would: Host and Origin
// name it.
func hostsSignIn(t *testing.T, env *testenv.Env, host, origin string) *testenv.Response {
	t.Helper()
	req := authJSONRequest(t, env, authSignInMutation, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
	req.Host = host
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return env.Anonymous().Send(req)
}

func hostsWantRefused(t *testing.T, env *testenv.Env, resp *testenv.Response, names ...string) {
	t.Helper()
	resp.WantError(t, http.StatusForbidden, "FORBIDDEN")
	if len(resp.Header.Values("Set-Cookie")) != 0 || strings.Contains(resp.Raw, "ada@acme.test") {
		t.Errorf("a refused host was served: %q %s", resp.Header.Values("Set-Cookie"), resp.Raw)
	}
	for _, want := range append(names, "--public-url") {
		if !strings.Contains(resp.Message(), want) {
			t.Errorf("the refusal does not name %q: %s", want, resp.Message())
		}
	}
	if n := env.DB.Session.Query().CountX(testenv.System()); n != 0 {
		t.Errorf("%d sessions after a refused sign-in", n)
	}
}

// A page using DNS rebinding (its name pointed at 127.0.0.1) is
// same-origin with itself, so its sign-in used to succeed and its script
// could read the answers. Its requests name its host, which is not ours.
func TestRebindingHostIsRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		tok, _ := env.IssueKey(org)
		rebind := hostsRebind + ":" + hostsPort(env)

		hostsWantRefused(t, env, hostsSignIn(t, env, rebind, "http://"+rebind), "localhost", "127.0.0.1", "[::1]", hostsRebind)
		hostsWantRefused(t, env, hostsSignIn(t, env, rebind, ""))

		// The loopback names of a loopback listener are ours.
		for _, host := range []string{"localhost", "127.0.0.1", "[::1]"} {
			h := host + ":" + hostsPort(env)
			resp := hostsSignIn(t, env, h, "http://"+h)
			if resp.Status != http.StatusOK || len(resp.Errors) > 0 || len(resp.Header.Values("Set-Cookie")) == 0 {
				t.Errorf("sign-in at %s: %d %s", h, resp.Status, resp.Raw)
			}
		}
		if resp := hostsSignIn(t, env, "LocalHost:"+hostsPort(env), ""); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Errorf("sign-in at LocalHost (any case): %d %s", resp.Status, resp.Raw)
		}

		// A signed-in browser's cookie request through the rebinding name
		// is refused too; a bearer request is not tied to a host.
		c := env.SignIn("ada@acme.test", testenv.Password)
		req := authJSONRequest(t, env, authViewerQuery, nil)
		req.Host = rebind
		resp := c.Send(req)
		resp.WantError(t, http.StatusForbidden, "FORBIDDEN")
		if strings.Contains(resp.Raw, "ada@acme.test") {
			t.Errorf("the cookie request at the rebinding host was served: %s", resp.Raw)
		}
		req = authJSONRequest(t, env, fairuseQuery, nil)
		req.Host = rebind
		fairuseServed(t, env.Bearer(tok).Send(req), "a bearer request at another host")
	})
}

// Behind a load balancer people reach the server by --public-url's name:
// that host is accepted, and its origin is the server's own, whatever
// scheme the balancer forwards.
func TestPublicURLHostIsAccepted(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{PublicURL: "https://keys.importops.example"})
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)

		for _, host := range []string{"keys.importops.example", "keys.importops.example:443"} {
			resp := hostsSignIn(t, env, host, "https://keys.importops.example")
			if resp.Status != http.StatusOK || len(resp.Errors) > 0 || len(resp.Header.Values("Set-Cookie")) == 0 {
				t.Errorf("sign-in at %s: %d %s", host, resp.Status, resp.Raw)
			}
		}
		// Another page's origin at our host is still another origin.
		resp := hostsSignIn(t, env, "keys.importops.example", "https://evil.example")
		resp.WantError(t, http.StatusForbidden, "CSRF")

		env.DB.Session.Delete().ExecX(testenv.System())
		rebind := hostsRebind + ":" + hostsPort(env)
		hostsWantRefused(t, env, hostsSignIn(t, env, rebind, "http://"+rebind), "keys.importops.example", "localhost")
	})
}
