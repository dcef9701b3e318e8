package server_test

import (
	"testing"
	"time"

	"importops/internal/testenv"
)

// A receiver that fails twice gets the event at the third attempt, under
// the same message id, and the list shows it.
func TestWebhooksRetryThenDelivered(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		rcv.Answer = func(n int) int {
			if n <= 2 {
				return []int{500, 503}[n-1]
			}
			return 200
		}
		hooksCreate(t, admin, rcv, []string{"api_key.created"})
		env.StartWebhooks(env.DB, 0)
		keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"})

		got := rcv.WaitFor(1)
		testenv.Eventually(t, "the delivery recorded", func() bool { return hooksDeliveries(t, admin)[0].Status == "DELIVERED" })
		d := hooksDeliveries(t, admin)[0]
		if rcv.Requests() != 3 || d.Attempts != 3 || *d.ResponseStatus != 200 || len(got) != 1 {
			t.Errorf("%d requests, delivery %+v, want delivered at the 3rd attempt", rcv.Requests(), d)
		}
	})
}

// A receiver that never answers is given up on at the timeout, and the
// delivery retried until the waits are used up: then it is FAILED, with no
// answer recorded.
func TestWebhooksTimeoutRetriedThenFailed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		rcv.Answer = func(int) int { return 0 } // never answers
		hooksCreate(t, admin, rcv, []string{"api_key.created"})
		env.StartWebhooks(env.DB, 100*time.Millisecond)
		keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"})

		testenv.Eventually(t, "the delivery failed", func() bool { return hooksDeliveries(t, admin)[0].Status == "FAILED" })
		d := hooksDeliveries(t, admin)[0]
		attempts := len(testenv.FastRetries) + 1
		if d.Attempts != attempts || d.ResponseStatus != nil || d.DeliveredAt != nil || rcv.Requests() != attempts {
			t.Errorf("delivery %+v after %d requests, want %d unanswered attempts", d, rcv.Requests(), attempts)
		}
	})
}

// A redirect is not followed: it is an answer, and not a 2xx one.
func TestWebhooksRedirectNotFollowed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		rcv.Answer = func(int) int { return 307 }
		hooksCreate(t, admin, rcv, []string{"api_key.created"})
		env.StartWebhooks(env.DB, 0)
		keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"})

		testenv.Eventually(t, "the delivery failed", func() bool { return hooksDeliveries(t, admin)[0].Status == "FAILED" })
		attempts := len(testenv.FastRetries) + 1
		if d := hooksDeliveries(t, admin)[0]; *d.ResponseStatus != 307 || rcv.Requests() != attempts {
			t.Errorf("delivery %+v after %d requests, want %d (the redirect's target never asked)", d, rcv.Requests(), attempts)
		}
	})
}

// A receiver that never answers holds up only its own delivery: another
// webhook's event, queued while that attempt waits, arrives meanwhile.
func TestWebhooksSlowReceiverDelaysNoOther(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		slow, fast := testenv.NewReceiver(t), testenv.NewReceiver(t)
		slow.Answer = func(int) int { return 0 } // never answers
		hooksCreate(t, admin, slow, []string{"api_key.created"})
		hooksCreate(t, admin, fast, []string{"api_key.revoked"})
		env.StartWebhooks(env.DB, time.Hour)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		testenv.Eventually(t, "the slow receiver asked", func() bool { return slow.Requests() == 1 })

		keysRevoke(t, admin, created.ApiKey.ID)
		if got := fast.WaitFor(1); got[0].Type != "api_key.revoked" {
			t.Errorf("fast receiver got %v", got)
		}
		if slow.Requests() != 1 || len(slow.Messages()) != 0 {
			t.Errorf("the slow receiver's attempt ended: %d requests", slow.Requests())
		}
	})
}
