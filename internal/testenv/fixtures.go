package testenv

import (
	"context"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/account"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/viewer"
)

// Password is every fixture user's password.
const Password = "correct horse battery"

// Org creates an organisation.
func (e *Env) Org(slug string, plan organization.Plan) *ent.Organization {
	e.T.Helper()
	org, err := account.CreateOrg(context.Background(), e.DB.Client, slug, "Org "+slug, plan)
	if err != nil {
		e.T.Fatalf("creating organisation %s: %v", slug, err)
	}
	return org
}

// User creates a team member of org with Password.
func (e *Env) User(org *ent.Organization, email string, role user.Role) *ent.User {
	e.T.Helper()
	u, err := account.CreateUser(context.Background(), e.DB.Client, account.NewUser{
		Org: org, Email: email, Name: "Name of " + email, Role: role, Password: Password,
	})
	if err != nil {
		e.T.Fatalf("creating user %s: %v", email, err)
	}
	return u
}

// Staff creates a support member.
func (e *Env) Staff(email, name string) *ent.User {
	e.T.Helper()
	u, err := account.CreateUser(context.Background(), e.DB.Client, account.NewUser{Email: email, Name: name, Staff: true})
	if err != nil {
		e.T.Fatalf("creating staff %s: %v", email, err)
	}
	return u
}

// IssueKey issues a key for org as support would, with scopes (none means
// read-only), and returns its token.
func (e *Env) IssueKey(org *ent.Organization, scopes ...string) (string, *ent.APIKey) {
	e.T.Helper()
	req := apikey.Request{OrgID: org.ID, Name: "fixture key", Expiry: apikey.OneYear, ByStaff: true,
		Actor: audit.Actor{Name: "Fixture Support"}}
	if len(scopes) > 0 {
		req.Scopes = scopes
	}
	issued, err := apikey.NewService(e.DB).Issue(viewer.System(context.Background()), req)
	if err != nil {
		e.T.Fatalf("issuing a key: %v", err)
	}
	return issued.Token, issued.Key
}

// Exec runs raw SQL written with ? placeholders on either database, for
// states the API cannot reach (a key past its expiry, without waiting).
func (e *Env) Exec(query string, args ...any) {
	e.T.Helper()
	if e.DB.Dialect == dialect.Postgres {
		for n := 1; strings.Contains(query, "?"); n++ {
			query = strings.Replace(query, "?", "$"+strconv.Itoa(n), 1)
		}
	}
	if _, err := e.DB.SQL.Exec(query, args...); err != nil {
		e.T.Fatalf("%s: %v", query, err)
	}
}

// ExpireKey moves a key's expiry to at.
func (e *Env) ExpireKey(key *ent.APIKey, at time.Time) {
	e.T.Helper()
	e.Exec("UPDATE api_keys SET expires_at = ? WHERE id = ?", at.UTC(), key.ID)
}

// System is a context that sees every organisation, for assertions on
// what the database holds.
func System() context.Context { return viewer.System(context.Background()) }
