package server_test

import (
	"strings"
	"sync"
	"testing"

	"importops/ent/user"
	"importops/internal/testenv"
)

// An admin creates a webhook (secret shown once), lists it, and deletes
// it; both changes are in the audit log, and the secret is stored sealed.
func TestWebhooksCreateListDelete(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		var d hooksCreated
		admin.Do(hooksCreateMutation, testenv.Vars{"input": map[string]any{
			"url": rcv.URL, "events": []string{"api_key.revoked", "api_key.exposed", "api_key.revoked"},
		}}).Decode(t, &d)
		created := d.CreateWebhook
		if !strings.HasPrefix(created.Secret, "whsec_") || created.Webhook.URL != rcv.URL {
			t.Fatalf("created = %+v", created)
		}
		if got := strings.Join(created.Webhook.Events, ","); got != "api_key.revoked,api_key.exposed" {
			t.Errorf("events = %s, want the two chosen, once each", got)
		}

		r := admin.Do(`{ webhooks { id url events } }`, nil)
		if strings.Contains(r.Raw, created.Secret) || strings.Contains(r.Raw, "whsec_") {
			t.Errorf("the list shows the secret: %s", r.Raw)
		}
		var l hooksList
		r.Decode(t, &l)
		if len(l.Webhooks) != 1 || l.Webhooks[0].ID != created.Webhook.ID {
			t.Fatalf("webhooks = %+v", l.Webhooks)
		}
		secret := strings.TrimPrefix(created.Secret, "whsec_")
		var sealed []byte
		env.DB.SQL.QueryRow("SELECT sealed_secret FROM webhooks").Scan(&sealed)
		if len(sealed) == 0 || strings.Contains(string(sealed), secret) {
			t.Errorf("the secret is not stored sealed: %q", sealed)
		}

		var del struct{ DeleteWebhook bool }
		admin.Do(`mutation($id: ID!) { deleteWebhook(id: $id) }`, testenv.Vars{"id": created.Webhook.ID}).Decode(t, &del)
		if !del.DeleteWebhook || hooksCount(t, env, "webhooks") != 0 {
			t.Errorf("deleteWebhook = %v, %d left", del.DeleteWebhook, hooksCount(t, env, "webhooks"))
		}
		admin.Do(`mutation($id: ID!) { deleteWebhook(id: $id) }`, testenv.Vars{"id": created.Webhook.ID}).Decode(t, &del)
		if del.DeleteWebhook {
			t.Errorf("deleting it again said true")
		}
		var audit struct {
			AuditLog struct {
				Edges []struct {
					Node struct{ Action, ActorName string }
				}
			}
		}
		admin.Do(`{ auditLog { edges { node { action actorName } } } }`, nil).Decode(t, &audit)
		var actions []string
		for _, e := range audit.AuditLog.Edges {
			actions = append(actions, e.Node.Action+" by "+e.Node.ActorName)
		}
		if got := strings.Join(actions, "; "); got != "webhook.deleted by Name of ada@acme.test; webhook.created by Name of ada@acme.test" {
			t.Errorf("audit log = %s", got)
		}
	})
}

// Omitting events subscribes to every event; bad input is refused and
// writes nothing.
func TestWebhooksCreateInput(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		var d hooksCreated
		admin.Do(hooksCreateMutation, testenv.Vars{"input": map[string]any{"url": rcv.URL}}).Decode(t, &d)
		want := "api_key.created,api_key.revoked,api_key.rotated,api_key.exposed,api_key.expiring,api_key.expired"
		if got := strings.Join(d.CreateWebhook.Webhook.Events, ","); got != want {
			t.Errorf("events = %s, want %s", got, want)
		}
		for _, c := range []struct {
			name   string
			input  map[string]any
			reason string
		}{
			{"unknown event", map[string]any{"url": rcv.URL, "events": []string{"api_key.deleted"}}, `Unknown event "api_key.deleted"`},
			{"no event", map[string]any{"url": rcv.URL, "events": []string{}}, "at least one event"},
			{"not a URL", map[string]any{"url": "hooks.example.com"}, "absolute https:// URL"},
			{"ftp", map[string]any{"url": "ftp://hooks.example.com/x"}, "absolute https:// URL"},
			{"user in URL", map[string]any{"url": "https://me:pw@hooks.example.com/x"}, "without a user name"},
		} {
			r := admin.Do(hooksCreateMutation, testenv.Vars{"input": c.input})
			r.WantError(t, 200, "BAD_USER_INPUT")
			if !strings.Contains(r.Message(), c.reason) {
				t.Errorf("%s: message = %q, want it to say %q", c.name, r.Message(), c.reason)
			}
		}
		if n := hooksCount(t, env, "webhooks"); n != 1 {
			t.Errorf("%d webhooks, want the first alone", n)
		}
	})
}

// An organisation has at most 5 webhooks: the 6th is refused, and
// deleting one makes room.
func TestWebhooksLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		var ids []string
		for range 5 {
			ids = append(ids, hooksCreate(t, admin, rcv, nil))
		}
		r := admin.Do(hooksCreateMutation, testenv.Vars{"input": map[string]any{"url": rcv.URL}})
		r.WantError(t, 200, "FORBIDDEN")
		if !strings.Contains(r.Message(), "already has 5 webhooks") {
			t.Errorf("message = %q", r.Message())
		}
		if n := hooksCount(t, env, "webhooks"); n != 5 {
			t.Errorf("%d webhooks after the 6th was refused", n)
		}
		var del struct{ DeleteWebhook bool }
		admin.Do(`mutation($id: ID!) { deleteWebhook(id: $id) }`, testenv.Vars{"id": ids[0]}).Decode(t, &del)
		hooksCreate(t, admin, rcv, nil)
	})
}

// Only admins manage webhooks: a member and an API key are refused, and
// change nothing; another organisation's webhook is not found.
func TestWebhooksAccess(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		id := hooksCreate(t, admin, rcv, nil)
		env.User(org, "mo@acme.test", user.RoleMEMBER)
		member := env.SignIn("mo@acme.test", testenv.Password)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		queued := hooksCount(t, env, "webhook_deliveries") // the key's api_key.created
		ops := map[string]string{
			"webhooks":        `{ webhooks { id } }`,
			"createWebhook":   `mutation { createWebhook(input: {url: "` + rcv.URL + `"}) { secret } }`,
			"deleteWebhook":   `mutation { deleteWebhook(id: "` + id + `") }`,
			"sendTestWebhook": `mutation { sendTestWebhook(id: "` + id + `") { id } }`,
		}
		for name, q := range ops {
			member.Do(q, nil).WantError(t, 200, "FORBIDDEN")
			r := env.Bearer(tok).Do(q, nil)
			r.WantError(t, 200, "FORBIDDEN")
			if strings.Contains(r.Raw, "whsec_") {
				t.Errorf("%s: a refusal shows a secret", name)
			}
		}
		if hooksCount(t, env, "webhooks") != 1 || hooksCount(t, env, "webhook_deliveries") != queued {
			t.Errorf("a refused caller changed something")
		}

		other := env.Org("globex", "PRO")
		env.User(other, "gus@globex.test", user.RoleADMIN)
		gus := env.SignIn("gus@globex.test", testenv.Password)
		gus.Do(`mutation { sendTestWebhook(id: "`+id+`") { id } }`, nil).WantError(t, 200, "NOT_FOUND")
		var del struct{ DeleteWebhook bool }
		gus.Do(`mutation { deleteWebhook(id: "`+id+`") }`, nil).Decode(t, &del)
		var l hooksList
		gus.Do(`{ webhooks { id } }`, nil).Decode(t, &l)
		if del.DeleteWebhook || len(l.Webhooks) != 0 || hooksCount(t, env, "webhooks") != 1 {
			t.Errorf("another organisation saw or deleted the webhook")
		}
	})
}

// Concurrent creations cannot pass the limit together.
func TestWebhooksLimitConcurrent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() { admin.Do(hooksCreateMutation, testenv.Vars{"input": map[string]any{"url": rcv.URL}}) })
		}
		wg.Wait()
		if n := hooksCount(t, env, "webhooks"); n != 5 {
			t.Errorf("%d webhooks after 8 concurrent creations, want 5", n)
		}
	})
}
