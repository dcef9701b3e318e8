package server_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/apierr"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/testenv"
)

// keysWantLimit fails unless r is the refusal of a 101st active key.
func keysWantLimit(t *testing.T, r *testenv.Response) {
	t.Helper()
	if r.Code() != "FORBIDDEN" || !strings.Contains(r.Message(), "100 active API keys") {
		t.Fatalf("want FORBIDDEN saying there are already 100 active API keys, got %d %s", r.Status, r.Raw)
	}
}

// An organisation holds at most 100 active keys; revoked and expired keys
// do not count, nor do another organisation's.
func TestKeysActiveLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		keys := env.IssueKeys(org, 100)
		input := testenv.Vars{"input": map[string]any{"name": "One too many", "expiry": "THREE_MONTHS"}}

		keysWantLimit(t, admin.Do(keysCreateMutation, input))
		keysWantNothingWritten(t, env, 100, 100)

		// Support cannot go past it either.
		_, err := apikey.NewService(env.DB).Issue(testenv.System(), apikey.Request{OrgID: org.ID, Name: "Support key",
			Expiry: apikey.OneYear, ByStaff: true, Actor: audit.Actor{Name: "Sam Support"}})
		if e, ok := apierr.As(err); !ok || !strings.Contains(e.Message, "100 active API keys") {
			t.Errorf("support issuing a 101st key: %v", err)
		}
		keysWantNothingWritten(t, env, 100, 100)

		// Another organisation is not affected by acme's keys.
		other := env.Org("other", organization.PlanPRO)
		env.User(other, "oz@other.test", user.RoleADMIN)
		keysCreate(t, env.SignIn("oz@other.test", testenv.Password), map[string]any{"name": "Other", "expiry": "THREE_MONTHS"})

		// A revoked key frees its place, once.
		keysRevoke(t, admin, keysID(keys[0].ID))
		keysCreate(t, admin, map[string]any{"name": "Replacement", "expiry": "THREE_MONTHS"})
		keysWantLimit(t, admin.Do(keysCreateMutation, input))

		// So does an expired one.
		env.ExpireKey(keys[1], time.Now().Add(-time.Minute))
		keysCreate(t, admin, map[string]any{"name": "Replacement", "expiry": "THREE_MONTHS"})
		keysWantLimit(t, admin.Do(keysCreateMutation, input))

		// acme: 100 issued + 2 created; other: 1. Audit: one entry per
		// creation and one for the revocation.
		keysWantNothingWritten(t, env, 103, 104)
	})
}

// Concurrent creations cannot overshoot the limit: with 98 active keys, of
// 10 simultaneous requests exactly 2 succeed and the rest are refused with
// the limit's message (not an internal error).
func TestKeysActiveLimitConcurrent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		env.IssueKeys(org, 98)

		const n = 10
		responses := make([]*testenv.Response, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				responses[i] = admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "Race", "expiry": "THREE_MONTHS"}})
			}()
		}
		close(start)
		wg.Wait()

		ok := 0
		for _, r := range responses {
			if len(r.Errors) == 0 && r.Status == 200 {
				ok++
				continue
			}
			keysWantLimit(t, r)
		}
		if ok != 2 {
			t.Errorf("%d of %d concurrent creations succeeded, want 2", ok, n)
		}
		keysWantNothingWritten(t, env, 100, 100)
	})
}
