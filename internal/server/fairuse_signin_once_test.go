package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

func sessionCount(t *testing.T, env *testenv.Env) int {
	t.Helper()
	return env.DB.Session.Query().CountX(testenv.System())
}

func wantOneSignInRefusal(t *testing.T, resp *testenv.Response) {
	t.Helper()
	if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "only one signIn or signOut") {
		t.Fatalf("want BAD_USER_INPUT about one signIn or signOut, got %d %.400s", resp.Status, resp.Raw)
	}
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		t.Errorf("the refused request still returned data: %.200s", resp.Data)
	}
}

// One request with 300 aliased signIn ran argon2 300 times (seconds of
// CPU) and stored 300 sessions. Now it is refused before any runs.
func TestAliasedSignInsAreRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)

		var q strings.Builder
		q.WriteString("mutation($e: String!, $p: String!) {")
		for i := range 300 {
			fmt.Fprintf(&q, " s%d: signIn(email: $e, password: $p) { role }", i)
		}
		q.WriteString(" }")
		start := time.Now()
		resp := env.Anonymous().Do(q.String(), testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
		took := time.Since(start)
		wantOneSignInRefusal(t, resp)
		if n := sessionCount(t, env); n != 0 {
			t.Errorf("%d sessions stored by a refused request", n)
		}
		if resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("the refused request set a cookie: %q", resp.Header.Get("Set-Cookie"))
		}
		// One argon2 hash takes tens of milliseconds; 300 took seconds.
		if took > 2*time.Second {
			t.Errorf("refusing 300 aliased signIn took %s: were they run?", took)
		}

		// Two, through a fragment and an alias, are refused too.
		resp = env.Anonymous().Do(`mutation($e: String!, $p: String!) {
			a: signIn(email: $e, password: $p) { role } ...again }
			fragment again on Mutation { b: signIn(email: $e, password: $p) { role } }`,
			testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
		wantOneSignInRefusal(t, resp)
		if n := sessionCount(t, env); n != 0 {
			t.Errorf("%d sessions stored by a refused request", n)
		}

		// One still signs in.
		c := env.SignIn("ada@acme.test", testenv.Password)
		if n := sessionCount(t, env); n != 1 {
			t.Errorf("%d sessions after one sign-in, want 1", n)
		}

		// signIn with signOut, and two signOut, are refused, and the
		// session stays.
		for _, m := range []string{
			`mutation($e: String!, $p: String!) { signOut signIn(email: $e, password: $p) { role } }`,
			`mutation { a: signOut b: signOut }`,
		} {
			resp := c.Do(m, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password})
			wantOneSignInRefusal(t, resp)
		}
		if n := sessionCount(t, env); n != 1 {
			t.Errorf("%d sessions after refused signOut requests, want 1", n)
		}
		var v struct{ Viewer *struct{ Role string } }
		c.Do(`{ viewer { role } }`, nil).Decode(t, &v)
		if v.Viewer == nil || v.Viewer.Role != "ADMIN" {
			t.Errorf("the session no longer works after the refused requests: %+v", v.Viewer)
		}
		// A single signOut works.
		if resp := c.Do(`mutation { signOut }`, nil); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Fatalf("signOut: %d %s", resp.Status, resp.Raw)
		}
		if n := sessionCount(t, env); n != 0 {
			t.Errorf("%d sessions after signing out, want 0", n)
		}
	})
}
