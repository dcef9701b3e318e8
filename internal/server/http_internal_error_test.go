package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

func TestInternalErrorCarriesRequestID(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		c := env.SignIn("ada@acme.test", testenv.Password)

		env.Exec("DROP TABLE vehicles")
		resp := c.Do(`{ vehicles { totalCount edges { node { vin } } } }`, nil)
		if resp.Code() != "INTERNAL" {
			t.Fatalf("want INTERNAL, got %d %s", resp.Status, resp.Raw)
		}
		id := resp.Header.Get("X-Request-Id")
		if id == "" {
			t.Fatal("no X-Request-Id header")
		}
		msg := resp.Message()
		if !strings.Contains(msg, id) {
			t.Errorf("message %q does not carry the request id %s", msg, id)
		}
		// Nothing of the database or of Go's error text reaches the caller.
		leak := regexp.MustCompile(`(?i)select|from |vehicles|table|relation|sql|no such|does not exist|pq:|ent:|\.go|error:`)
		if m := leak.FindString(msg); m != "" {
			t.Errorf("the message leaks internals (%q): %s", m, msg)
		}
		if len(resp.Errors[0].Extensions) != 1 {
			t.Errorf("extensions = %v, want only the code", resp.Errors[0].Extensions)
		}

		// The detail goes to the log, under the same request id.
		var line string
		for _, l := range strings.Split(env.Logs(), "\n") {
			if strings.Contains(l, `"level":"ERROR"`) && strings.Contains(l, id) {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("no error logged with request id %s:\n%s", id, env.Logs())
		}
		if !regexp.MustCompile(`(?i)no such table|does not exist`).MatchString(line) || !strings.Contains(line, "vehicles") {
			t.Errorf("the log line lacks the detail: %s", line)
		}

		// Each request has its own id.
		resp2 := c.Do(`{ vehicles { totalCount } }`, nil)
		if id2 := resp2.Header.Get("X-Request-Id"); id2 == "" || id2 == id || !strings.Contains(resp2.Message(), id2) {
			t.Errorf("second request: id %q, message %q", id2, resp2.Message())
		}
	})
}

// A body that is not valid JSON is the caller's mistake, not an internal
// error, and its content (a password, say) must not reach the log.
func TestMalformedJSONBody(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		const secret = "hunter2-not-for-logs"
		body := `{"query":"mutation { signIn(email: \"ada@acme.test\", password: \"` + secret + `\") { role } }", oops`
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp := env.Anonymous().Send(req)
		if resp.Status != http.StatusBadRequest {
			t.Errorf("status %d, want 400: %s", resp.Status, resp.Raw)
		}
		if resp.Code() == "INTERNAL" || resp.Code() == "" {
			t.Errorf("code %q for a malformed body, want a client error code: %s", resp.Code(), resp.Raw)
		}
		if strings.Contains(resp.Raw, secret) {
			t.Errorf("the answer echoes the body: %s", resp.Raw)
		}
		if strings.Contains(env.Logs(), secret) {
			t.Errorf("the log holds the request body:\n%s", env.Logs())
		}
	})
}
