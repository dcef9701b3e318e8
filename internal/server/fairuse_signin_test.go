package server_test

import (
	"fmt"
	"net/netip"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// Failed sign-ins are limited per account (10 in 15 minutes, from any
// address) and per address (100 in 15 minutes).
const (
	fairuseAccountAllowance = 10
	fairuseAddressAllowance = 100
)

const fairuseSignInMutation = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { email } } }`

// fairuseSignIn signs in from the client's address (or, behind the test's
// trusted proxy, from the X-Forwarded-For address from, if not "").
func fairuseSignIn(env *testenv.Env, from, email, pw string) *testenv.Response {
	env.T.Helper()
	c := env.Anonymous()
	if from != "" {
		c.Header().Set("X-Forwarded-For", from)
	}
	return c.Do(fairuseSignInMutation, testenv.Vars{"e": email, "p": pw})
}

func fairuseWantSignedIn(t *testing.T, resp *testenv.Response, email string) {
	t.Helper()
	fairuseServed(t, resp, "signing in as "+email)
	if len(resp.Header.Values("Set-Cookie")) == 0 {
		t.Fatalf("signing in as %s set no cookie", email)
	}
}

func fairuseWrongSignIn(t *testing.T, env *testenv.Env, from, email string) {
	t.Helper()
	resp := fairuseSignIn(env, from, email, "wrong password")
	if resp.Code() != "UNAUTHENTICATED" || resp.Message() != "Email or password is incorrect" {
		t.Fatalf("wrong sign-in for %s from %q: %d %s", email, from, resp.Status, resp.Raw)
	}
}

// fairuseBehindProxy serves url to clients behind a trusted proxy: the
// test itself, at 127.0.0.1, whose X-Forwarded-For names the client.
func fairuseBehindProxy(t *testing.T, url string) *testenv.Env {
	return testenv.New(t, url, testenv.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
}

// Ten wrong passwords for one account used to lock every other account
// behind the same office address out for 15 minutes. Now the account
// guessed at is limited, and its colleagues sign in.
func TestFailedSignInsOfOneAccountDoNotLockOutAnother(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		acme := env.Org("acme", organization.PlanPRO)
		env.User(acme, "ada@acme.test", user.RoleADMIN)
		env.User(acme, "bob@acme.test", user.RoleMEMBER)
		env.User(env.Org("beta", organization.PlanPRO), "cy@beta.test", user.RoleADMIN)

		// The account is the normalized email, however it was typed.
		for i := range fairuseAccountAllowance {
			email := "ada@acme.test"
			if i%2 == 1 {
				email = " ADA@Acme.Test "
			}
			fairuseWrongSignIn(t, env, "", email)
		}
		resp := fairuseSignIn(env, "", "ada@acme.test", testenv.Password)
		fairuseWant429(t, resp, "this account")
		if n := env.DB.Session.Query().CountX(testenv.System()); n != 0 {
			t.Fatalf("%d sessions created while the account was limited", n)
		}

		fairuseWantSignedIn(t, fairuseSignIn(env, "", "bob@acme.test", testenv.Password), "bob@acme.test")
		fairuseWantSignedIn(t, fairuseSignIn(env, "", "cy@beta.test", testenv.Password), "cy@beta.test")
		// A colleague's own typo counts against that colleague only.
		fairuseWrongSignIn(t, env, "", "bob@acme.test")
		fairuseWantSignedIn(t, fairuseSignIn(env, "", "bob@acme.test", testenv.Password), "bob@acme.test")
	})
}

// Guessing one account is slowed however many addresses it comes from.
func TestFailedSignInsLimitTheAccountFromAnyAddress(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := fairuseBehindProxy(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "bob@acme.test", user.RoleMEMBER)

		for i := range fairuseAccountAllowance {
			fairuseWrongSignIn(t, env, fmt.Sprintf("198.51.100.%d", i+1), "ada@acme.test")
		}
		fairuseWant429(t, fairuseSignIn(env, "203.0.113.99", "ada@acme.test", testenv.Password), "this account")
		fairuseWantSignedIn(t, fairuseSignIn(env, "203.0.113.99", "bob@acme.test", testenv.Password), "bob@acme.test")
	})
}

// An address has ten times an account's allowance: it may fail for many
// accounts (a shared office) before it is stopped, and then only it is.
// Unknown emails count too, per address and per email. (The counts are
// the server's, not the database's: SQLite is enough, and a hundred
// password checks are slow.)
func TestFailedSignInsLimitTheAddress(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		env := fairuseBehindProxy(t, testenv.SQLiteURL(t))
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		const office = "203.0.113.5"

		for i := range fairuseAddressAllowance {
			// Ten emails that have no account, ten failures each: no email
			// is over its allowance before the address is over its own.
			fairuseWrongSignIn(t, env, office, fmt.Sprintf("nobody%d@nowhere.test", i%10))
		}
		fairuseWant429(t, fairuseSignIn(env, office, "ada@acme.test", testenv.Password), "this address")
		fairuseWantSignedIn(t, fairuseSignIn(env, "203.0.113.6", "ada@acme.test", testenv.Password), "ada@acme.test")
		// Each unknown email was guessed ten times: it is limited from
		// anywhere, as an account would be.
		fairuseWant429(t, fairuseSignIn(env, "203.0.113.6", "nobody3@nowhere.test", "another guess"), "this account")
	})
}
