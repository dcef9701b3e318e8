package server_test

import (
	"net/url"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
	"importops/internal/webhooks"
)

// Without --allow-insecure-webhooks, a webhook must be https:// and reach
// a public address, after DNS: each refusal says why and creates nothing.
func TestWebhooksSSRFRefusedAtCreation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)
		for _, c := range []struct{ url, reason string }{
			{"http://hooks.example.com/importops", "must start with https://"},
			{"https://127.0.0.1/hook", "loopback"},
			{"https://localhost:8443/hook", "loopback"}, // a name resolving to loopback
			{"https://[::1]/hook", "loopback"},
			{"https://10.1.2.3/hook", "private"},
			{"https://192.168.1.20/hook", "private"},
			{"https://[fd00::1]/hook", "private"},
			{"https://169.254.169.254/latest/meta-data", "link-local"},
			{"https://[fe80::1]/hook", "link-local"},
			{"https://100.64.0.1/hook", "reserved"},
			{"https://0.0.0.0/hook", "not a unicast address"},
		} {
			r := admin.Do(hooksCreateMutation, testenv.Vars{"input": map[string]any{"url": c.url}})
			r.WantError(t, 200, "BAD_USER_INPUT")
			if !strings.Contains(r.Message(), c.reason) {
				t.Errorf("%s: message = %q, want it to say %q", c.url, r.Message(), c.reason)
			}
		}
		if n := hooksCount(t, env, "webhooks"); n != 0 {
			t.Errorf("%d webhooks created", n)
		}
	})
}

// Addresses are checked again when connecting, after DNS: a webhook whose
// name resolves to loopback by the time of delivery (DNS rebinding; here,
// created while insecure webhooks were allowed) is never reached.
func TestWebhooksSSRFRefusedAtDelivery(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env, _, admin := hooksSetup(t, dbURL)
		rcv := testenv.NewReceiver(t)
		u, _ := url.Parse(rcv.URL)
		rcv.URL = "https://localhost:" + u.Port() + u.Path
		hooksCreate(t, admin, rcv, []string{"api_key.created"})
		env.Webhooks.Guard = webhooks.Guard{} // the delivering replica forbids it
		env.StartWebhooks(env.DB, 0)
		keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"})

		testenv.Eventually(t, "the delivery failed", func() bool { return hooksDeliveries(t, admin)[0].Status == "FAILED" })
		if rcv.Requests() != 0 || !strings.Contains(env.Logs(), "is a loopback address") {
			t.Errorf("the receiver got %d requests; logs: %s", rcv.Requests(), env.Logs())
		}
	})
}
