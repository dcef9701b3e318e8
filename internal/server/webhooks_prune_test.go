package server_test

import (
	"context"
	"testing"
	"time"

	"importops/internal/testenv"
	"importops/internal/webhooks"
)

// Finished deliveries are listed for 30 days; pending ones stay until
// they are finished, however old.
func TestWebhooksPrune(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		id := hooksCreate(t, admin, rcv, nil)
		for range 3 {
			admin.Do(`mutation($id: ID!) { sendTestWebhook(id: $id) { id } }`, testenv.Vars{"id": id}).Decode(t, &struct{}{})
		}
		old := time.Now().Add(-webhooks.Keep - time.Hour).UTC()
		env.Exec("UPDATE webhook_deliveries SET created_at = ?, status = 'DELIVERED' WHERE id = 1", old)
		env.Exec("UPDATE webhook_deliveries SET created_at = ?, status = 'FAILED' WHERE id = 2", old)
		env.Exec("UPDATE webhook_deliveries SET created_at = ? WHERE id = 3", old) // still pending

		w := webhooks.NewWorker(webhooks.WorkerConfig{DB: env.DB, Sealer: env.Webhooks.Sealer})
		if err := w.Prune(context.Background()); err != nil {
			t.Fatal(err)
		}
		list := hooksDeliveries(t, admin)
		if len(list) != 1 || list[0].ID != "3" || list[0].Status != "PENDING" {
			t.Errorf("after pruning: %+v, want the pending delivery alone", list)
		}
	})
}
