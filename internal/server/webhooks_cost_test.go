package server_test

import (
	"testing"

	"importops/internal/testenv"
)

// The webhooks list holds up to 5, each with its own page of deliveries:
// the page is priced once per webhook. Two full pages of deliveries per
// webhook would be under the limit if the list were priced once; at five
// webhooks' worth they are refused before anything runs, while a page of
// 50 with every field is served.
func TestWebhooksCostCountsEachWebhook(t *testing.T) {
	_, _, admin := hooksSetup(t, testenv.SQLiteURL(t))
	rcv := testenv.NewReceiver(t)
	hooksCreate(t, admin, rcv, nil)
	const fields = `{ totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id event status attempts responseStatus createdAt deliveredAt } } }`
	wantComplexityRefusal(t, "two pages of 100 per webhook",
		admin.Do(`{ webhooks { id a: deliveries(first: 100) `+fields+` b: deliveries(first: 100) `+fields+` } }`, nil))

	var one hooksList
	admin.Do(`{ webhooks { id url events createdAt deliveries(first: 50) `+fields+` } }`, nil).Decode(t, &one)
	if len(one.Webhooks) != 1 {
		t.Errorf("a page of 50 per webhook: %+v", one)
	}
}
