package server_test

import (
	"testing"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const hooksCreateMutation = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events createdAt } }
}`

type hooksCreated struct {
	CreateWebhook struct {
		Secret  string
		Webhook struct {
			ID, URL   string
			Events    []string
			CreatedAt string
		}
	}
}

const hooksListQuery = `{ webhooks { id url events
  deliveries(first: 10) { totalCount edges { node { id event status attempts responseStatus createdAt deliveredAt } } } } }`

type hooksDelivery struct {
	ID, Event, Status string
	Attempts          int
	ResponseStatus    *int
	DeliveredAt       *string
}

type hooksList struct {
	Webhooks []struct {
		ID, URL    string
		Events     []string
		Deliveries struct {
			TotalCount int
			Edges      []struct{ Node hooksDelivery }
		}
	}
}

// hooksSetup is a Pro organisation with an admin signed in, on a server
// that allows insecure webhooks (the receivers are on loopback).
func hooksSetup(t *testing.T, url string) (*testenv.Env, *ent.Organization, *testenv.Client) {
	t.Helper()
	env := testenv.New(t, url, testenv.Options{AllowInsecureWebhooks: true})
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	return env, org, env.SignIn("ada@acme.test", testenv.Password)
}

// hooksCreate creates a webhook to rcv through the API and gives rcv its
// secret; events nil means every event.
func hooksCreate(t *testing.T, c *testenv.Client, rcv *testenv.Receiver, events []string) string {
	t.Helper()
	input := map[string]any{"url": rcv.URL}
	if events != nil {
		input["events"] = events
	}
	var d hooksCreated
	c.Do(hooksCreateMutation, testenv.Vars{"input": input}).Decode(t, &d)
	rcv.SetSecret(d.CreateWebhook.Secret)
	return d.CreateWebhook.Webhook.ID
}

// hooksDeliveries lists the first webhook's deliveries, newest first.
func hooksDeliveries(t *testing.T, c *testenv.Client) []hooksDelivery {
	t.Helper()
	var d hooksList
	c.Do(hooksListQuery, nil).Decode(t, &d)
	if len(d.Webhooks) == 0 {
		t.Fatal("no webhook listed")
	}
	var out []hooksDelivery
	for _, e := range d.Webhooks[0].Deliveries.Edges {
		out = append(out, e.Node)
	}
	return out
}

// hooksCount is how many rows a table holds.
func hooksCount(t *testing.T, env *testenv.Env, table string) int {
	t.Helper()
	var n int
	if err := env.DB.SQL.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
