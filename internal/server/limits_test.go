package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// The GraphQL limits hold on any database; SQLite is enough here.

func TestComplexityLimitRefusesAliasedPages(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org)
	var q strings.Builder
	q.WriteString("{")
	for i := range 300 {
		fmt.Fprintf(&q, " v%d: vehicles(first: 100) { edges { node { vin make model year status } } }", i)
	}
	q.WriteString(" }")
	resp := env.Bearer(tok).Do(q.String(), nil)
	if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "complexity") {
		t.Fatalf("300 aliased pages: %d %.300s", resp.Status, resp.Raw)
	}
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		t.Errorf("refused query still returned data: %.200s", resp.Data)
	}
	// One such page is fine.
	var one struct{ Vehicles struct{ Edges []any } }
	env.Bearer(tok).Do(`{ vehicles(first: 100) { edges { node { vin make model year status } } } }`, nil).Decode(t, &one)
}

func TestDepthLimit(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	deep := "{ __schema { types { fields { type" + strings.Repeat(" { ofType", 14) + " { name }" + strings.Repeat(" }", 14) + " } } } }"
	resp := env.Anonymous().Do(deep, nil)
	if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "nested") {
		t.Fatalf("a query 19 levels deep: %d %.300s", resp.Status, resp.Raw)
	}
	// The real schema's deepest useful query stays well inside.
	resp = env.Anonymous().Do(`{ auditLog { edges { node { apiKey { createdBy { name } } } } } }`, nil)
	if resp.Code() != "UNAUTHENTICATED" {
		t.Fatalf("a six-level query should reach authorisation, got %.300s", resp.Raw)
	}
}

func TestParserTokenLimit(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	huge := "{" + strings.Repeat(" __typename", 20_000) + " }"
	resp := env.Anonymous().Do(huge, nil)
	if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "token limit") {
		t.Fatalf("20,000 tokens: %d %.300s", resp.Status, resp.Raw)
	}
}

func TestNoFieldSuggestions(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	resp := env.Anonymous().Do(`{ vehicle(vin: "X") { vinn } }`, nil)
	if resp.Code() != "BAD_USER_INPUT" {
		t.Fatalf("unknown field: %.300s", resp.Raw)
	}
	if strings.Contains(resp.Raw, "Did you mean") || strings.Contains(resp.Raw, `\"vin\"`) {
		t.Errorf("the error suggests field names: %s", resp.Raw)
	}
}

func TestRepeatedFailedSignInsAreRateLimited(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	c := env.Anonymous()
	signIn := func(pw string) *testenv.Response {
		return c.Do(`mutation($p: String!) { signIn(email: "ada@acme.test", password: $p) { role } }`, testenv.Vars{"p": pw})
	}
	for i := range 10 {
		if resp := signIn("wrong password"); resp.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: %s", i+1, resp.Raw)
		}
	}
	// Now even the right password waits: the address is guessing.
	resp := signIn(testenv.Password)
	resp.WantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if n := env.DB.Session.Query().CountX(testenv.System()); n != 0 {
		t.Errorf("%d sessions created while rate limited", n)
	}
}

func TestRepeatedInvalidKeysAreRateLimited(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	good, _ := env.IssueKey(org)
	bad := env.Bearer("iops_" + strings.Repeat("A", 38))
	for i := range 30 {
		if resp := bad.Do(`{ vehicles { totalCount } }`, nil); resp.Status != http.StatusUnauthorized {
			t.Fatalf("invalid key %d: %d %s", i+1, resp.Status, resp.Raw)
		}
	}
	resp := bad.Do(`{ vehicles { totalCount } }`, nil)
	resp.WantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// The limit is on invalid keys from the address: a valid key from it is
	// still served (see fairuse_keys_test.go).
	resp = env.Bearer(good).Do(`{ vehicles { totalCount } }`, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("a valid key from the limited address: %d %s", resp.Status, resp.Raw)
	}
}

func TestValidKeysAreNeverRateLimited(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org)
	c := env.Bearer(tok)
	for i := range 100 {
		if resp := c.Do(`{ vehicles { totalCount } }`, nil); resp.Status != http.StatusOK {
			t.Fatalf("request %d with a valid key: %d %s", i+1, resp.Status, resp.Raw)
		}
	}
}
