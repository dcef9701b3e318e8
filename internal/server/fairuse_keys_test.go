package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/internal/testenv"
)

// Helpers for the fair-use tests (fairuse_*_test.go) start with "fairuse".

// fairuseQuery is any request a read-only key may make.
const fairuseQuery = `{ vehicles { totalCount } }`

// fairuseKeyAllowance is how many invalid keys an address may send a
// minute before it is answered 429.
const fairuseKeyAllowance = 30

// fairuseWant429 fails unless resp is 429 RATE_LIMITED with a Retry-After
// of a whole number of seconds, and its message contains word.
func fairuseWant429(t *testing.T, resp *testenv.Response, word string) {
	t.Helper()
	resp.WantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
	if ra := resp.Header.Get("Retry-After"); ra == "" || strings.Trim(ra, "0123456789") != "" {
		t.Errorf("Retry-After = %q, want whole seconds", ra)
	}
	if !strings.Contains(resp.Message(), word) {
		t.Errorf("429 message %q does not say %q", resp.Message(), word)
	}
}

// fairuseServed fails unless resp is a 200 with data and no errors.
func fairuseServed(t *testing.T, resp *testenv.Response, what string) {
	t.Helper()
	if resp.Status != http.StatusOK || len(resp.Errors) > 0 || len(resp.Data) == 0 {
		t.Fatalf("%s: want it served, got %d %s", what, resp.Status, resp.Raw)
	}
}

// A forgotten cron job keeps sending its revoked key from a shared
// integration host. That used to lock every valid key on the host out for
// a minute, because the limiter was consulted before the key. Now the job
// alone is refused (429 once past its allowance), and a valid key from
// the same address is served throughout.
func TestRevokedKeyStormDoesNotLockOutValidKeys(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		good, _ := env.IssueKey(org)
		revokedTok, revoked := env.IssueKey(org)
		env.Exec("UPDATE api_keys SET revoked_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Hour), revoked.ID)
		cron := env.Bearer(revokedTok)

		for i := range fairuseKeyAllowance {
			resp := cron.Do(fairuseQuery, nil)
			resp.WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
			if !strings.Contains(resp.Message(), "revoked") {
				t.Fatalf("revoked key, request %d: %s", i+1, resp.Raw)
			}
		}
		for range 5 {
			fairuseWant429(t, cron.Do(fairuseQuery, nil), "invalid API keys")
		}

		for range 3 {
			fairuseServed(t, env.Bearer(good).Do(fairuseQuery, nil), "a valid key from the address of the storm")
			// The job is still refused in between: serving a valid key
			// does not reset the address's count.
			fairuseWant429(t, cron.Do(fairuseQuery, nil), "invalid API keys")
		}
	})
}

// Expired keys count as failures too, and the limit answers any invalid
// key from the address: a made-up one, a mistyped one, no key at all.
func TestInvalidKeysFromOneAddressAreLimited(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		good, _ := env.IssueKey(org)
		expiredTok, expired := env.IssueKey(org)
		env.ExpireKey(expired, time.Now().Add(-time.Hour))

		for i := range fairuseKeyAllowance {
			resp := env.Bearer(expiredTok).Do(fairuseQuery, nil)
			if resp.Status != http.StatusUnauthorized || !strings.Contains(resp.Message(), "expired") {
				t.Fatalf("expired key, request %d: %d %s", i+1, resp.Status, resp.Raw)
			}
		}
		for _, header := range []string{
			"Bearer iops_" + strings.Repeat("A", 38), // never issued
			"Bearer " + fairuseMistype(good),         // mistyped
			"Basic dXNlcjpwYXNz",                     // no key at all
		} {
			c := env.Anonymous()
			c.Header().Set("Authorization", header)
			fairuseWant429(t, c.Do(fairuseQuery, nil), "invalid API keys")
		}
		fairuseServed(t, env.Bearer(good).Do(fairuseQuery, nil), "a valid key from the limited address")
	})
}

// With two Authorization headers, which one counts depends on who reads
// them (a proxy, a log, this server): the request is refused, not served
// as the first one says.
func TestTwoAuthorizationHeadersAreRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		good, _ := env.IssueKey(org)
		other, _ := env.IssueKey(org)

		for name, second := range map[string]string{
			"another valid key": "Bearer " + other,
			"the same key":      "Bearer " + good,
			"an invalid key":    "Bearer iops_" + strings.Repeat("B", 38),
		} {
			t.Run(name, func(t *testing.T) {
				c := env.Bearer(good)
				c.Header().Add("Authorization", second)
				resp := c.Do(fairuseQuery, nil)
				resp.WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
				if !strings.Contains(resp.Message(), "Authorization headers") || string(resp.Data) != "" {
					t.Errorf("two Authorization headers: %s", resp.Raw)
				}
			})
		}
		fairuseServed(t, env.Bearer(good).Do(fairuseQuery, nil), "one Authorization header")
	})
}

// fairuseMistype changes the last character of tok.
func fairuseMistype(tok string) string {
	last := byte('x')
	if tok[len(tok)-1] == last {
		last = 'y'
	}
	return tok[:len(tok)-1] + string(last)
}
