package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// Every key event reaches the receiver once, signed, with the documented
// body: the settings page's creation, rotation and revocation, a secret
// scanner's report, and a test. No body holds a token or the secret.
func TestWebhooksEventsDelivered(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		hookID := hooksCreate(t, admin, rcv, nil)
		env.StartWebhooks(env.DB, 0)

		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		var rot struct {
			RotateApiKey struct {
				Token  string
				ApiKey struct{ ID string }
			}
		}
		admin.Do(`mutation($id: ID!) { rotateApiKey(id: $id, overlap: ONE_HOUR) { token apiKey { id } } }`,
			testenv.Vars{"id": created.ApiKey.ID}).Decode(t, &rot)
		keysRevoke(t, admin, rot.RotateApiKey.ApiKey.ID)
		report := `[{"token":"` + created.Token + `","type":"importops_api_key","url":"https://example.com/leak","source":"test"}]`
		resp, err := http.Post(env.URL+"/api/leaked-keys", "application/json", strings.NewReader(report))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("reporting the key: %v %v", resp, err)
		}
		resp.Body.Close()
		var test struct{ SendTestWebhook hooksDelivery }
		admin.Do(`mutation($id: ID!) { sendTestWebhook(id: $id) { id event status attempts } }`,
			testenv.Vars{"id": hookID}).Decode(t, &test)
		if test.SendTestWebhook.Event != "webhook.test" || test.SendTestWebhook.Status != "PENDING" {
			t.Errorf("sendTestWebhook = %+v", test.SendTestWebhook)
		}

		got := rcv.WaitFor(6)
		var types []string
		for _, m := range got {
			types = append(types, m.Type)
			for _, secret := range []string{created.Token, rot.RotateApiKey.Token, "whsec_", "digest"} {
				if strings.Contains(m.Raw, secret) {
					t.Errorf("%s body holds %q: %s", m.Type, secret, m.Raw)
				}
			}
		}
		slices.Sort(types)
		want := "api_key.created,api_key.created,api_key.exposed,api_key.revoked,api_key.rotated,webhook.test"
		if strings.Join(types, ",") != want {
			t.Errorf("events = %v, want %s", types, want)
		}
		revoked := got[slices.IndexFunc(got, func(m testenv.Message) bool { return m.Type == "api_key.revoked" })]
		d := revoked.Data
		if d["id"] != rot.RotateApiKey.ApiKey.ID || d["name"] != "ERP sync" || d["status"] != "REVOKED" ||
			d["organization"] != "acme" || !strings.HasPrefix(rot.RotateApiKey.Token, d["prefix"].(string)) ||
			d["expiresAt"] == nil || len(d["scopes"].([]any)) != 1 {
			t.Errorf("api_key.revoked data = %v", d)
		}

		// The receiver's answer is in the list, each delivered at the first attempt.
		testenv.Eventually(t, "deliveries recorded", func() bool {
			for _, dl := range hooksDeliveries(t, admin) {
				if dl.Status != "DELIVERED" {
					return false
				}
			}
			return true
		})
		list := hooksDeliveries(t, admin)
		if len(list) != 6 || list[0].Event != "webhook.test" {
			t.Fatalf("deliveries = %+v", list)
		}
		for _, dl := range list {
			if dl.Attempts != 1 || dl.ResponseStatus == nil || *dl.ResponseStatus != 204 || dl.DeliveredAt == nil {
				t.Errorf("delivery %+v", dl)
			}
		}
		if n := rcv.Requests(); n != 6 {
			t.Errorf("the receiver got %d requests, want 6: each event once", n)
		}
	})
}

// A webhook receives only the events it chose.
func TestWebhooksEventsChosen(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		hooksCreate(t, admin, rcv, []string{"api_key.revoked"})
		env.StartWebhooks(env.DB, 0)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		keysRevoke(t, admin, created.ApiKey.ID)
		got := rcv.WaitFor(1)
		if len(got) != 1 || got[0].Type != "api_key.revoked" || hooksCount(t, env, "webhook_deliveries") != 1 {
			t.Errorf("got %v, want the revocation alone", got)
		}
	})
}

// A revocation that is rolled back (its audit entry cannot be written)
// queues nothing and sends nothing.
func TestWebhooksRolledBackRevocation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		hooksCreate(t, admin, rcv, []string{"api_key.revoked", "api_key.created"})
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		env.FailAuditInserts()
		admin.Do(keysRevokeMutation, testenv.Vars{"id": created.ApiKey.ID}).WantError(t, 200, "INTERNAL")

		env.StartWebhooks(env.DB, 0)
		got := rcv.WaitFor(1) // the creation, committed before
		if n := hooksCount(t, env, "webhook_deliveries"); n != 1 || got[0].Type != "api_key.created" {
			t.Errorf("%d deliveries, received %v: want the creation alone", n, got)
		}
	})
}
