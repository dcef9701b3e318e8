package main_test

import (
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"importops/internal/testenv"
)

const webhookCreateMutation = `mutation($url: String!) { createWebhook(input: {url: $url}) { secret webhook { id } } }`

// webhookKeyFile writes a webhook key as the README says to make one.
func webhookKeyFile(t *testing.T) string {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	path := filepath.Join(t.TempDir(), "webhook.key")
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Two replicas on one database, each running its delivery worker: every
// event (from the settings page through either replica, support's
// `key issue` and the command line's `key revoke`) reaches the receiver
// exactly once.
func TestWebhooksTwoReplicasExactlyOnce(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			url := testenv.SQLiteURL(t)
			if kind == "postgres" {
				url = testenv.PostgresURL(t)
			}
			keyFixtures(t, url)
			args := []string{"--allow-insecure-webhooks", "--webhook-key-file", webhookKeyFile(t)}
			servers := []*server{startServer(t, url, args...), startServer(t, url, args...)}
			rcv := testenv.NewReceiver(t)
			var hook struct{ CreateWebhook struct{ Secret string } }
			admins := []*testenv.Client{
				servers[0].env(t).SignIn("ada@acme.test", goodPassword),
				servers[1].env(t).SignIn("ada@acme.test", goodPassword),
			}
			admins[0].Do(webhookCreateMutation, testenv.Vars{"url": rcv.URL}).Decode(t, &hook)
			rcv.SetSecret(hook.CreateWebhook.Secret)

			const perReplica = 10
			var wg sync.WaitGroup
			for _, admin := range admins {
				wg.Go(func() {
					for range perReplica {
						admin.Do(createKeyMutation, testenv.Vars{"name": "Replica key"})
					}
				})
			}
			wg.Wait()
			tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))
			mustRun(t, url, "", "key", "revoke", "--org", "acme", "--prefix", tok[:12], "--by", "sam@importops.test")

			events := 2*perReplica + 2
			got := rcv.WaitFor(events)
			ids := map[string]bool{}
			count := map[string]int{}
			var revoked testenv.Message
			for _, m := range got {
				ids[m.ID] = true
				count[m.Type]++
				if m.Type == "api_key.revoked" {
					revoked = m
				}
			}
			if len(ids) != events || count["api_key.created"] != events-1 || count["api_key.revoked"] != 1 {
				t.Errorf("%d distinct messages of %d events: %v", len(ids), events, count)
			}
			if revoked.Data["prefix"] != tok[:12] || revoked.Data["status"] != "REVOKED" {
				t.Errorf("the command line's revocation arrived as %v", revoked)
			}
			// Anything sent twice would arrive by now: both workers poll
			// every second, and every delivery is recorded as delivered.
			testenv.Eventually(t, "every delivery recorded", func() bool {
				var pending int
				db := testenv.Open(t, url)
				db.SQL.QueryRow("SELECT count(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'").Scan(&pending)
				db.Close()
				return pending == 0
			})
			if n := rcv.Requests(); n != events {
				t.Errorf("the receiver got %d requests for %d events", n, events)
			}
		})
	}
}

// Without --webhook-key-file there is nowhere to keep secrets safe:
// creating a webhook says what to do. A bad key file stops serve at once.
func TestWebhooksServeKeyFile(t *testing.T) {
	url := testenv.SQLiteURL(t)
	keyFixtures(t, url)
	srv := startServer(t, url, "--allow-insecure-webhooks")
	r := srv.env(t).SignIn("ada@acme.test", goodPassword).Do(webhookCreateMutation, testenv.Vars{"url": "http://127.0.0.1:9/x"})
	r.WantError(t, 503, "UNAVAILABLE")
	if !strings.Contains(r.Message(), "--webhook-key-file") {
		t.Errorf("message = %q", r.Message())
	}

	bad := filepath.Join(t.TempDir(), "webhook.key")
	os.WriteFile(bad, []byte("not base64!"), 0o600)
	res := run(t, url, "", "serve", "--addr", "127.0.0.1:0", "--webhook-key-file", bad)
	wantFailure(t, res, "--webhook-key-file", "does not hold base64")
}

// SIGTERM while an attempt waits on a receiver that never answers: the
// server still stops cleanly, and the delivery stays pending for the next
// replica to send.
func TestWebhooksStopDuringAttempt(t *testing.T) {
	url := testenv.SQLiteURL(t)
	keyFixtures(t, url)
	srv := startServer(t, url, "--allow-insecure-webhooks", "--webhook-key-file", webhookKeyFile(t))
	rcv := testenv.NewReceiver(t)
	rcv.Answer = func(int) int { return 0 } // never answers
	admin := srv.env(t).SignIn("ada@acme.test", goodPassword)
	var hook struct{ CreateWebhook struct{ Secret string } }
	admin.Do(webhookCreateMutation, testenv.Vars{"url": rcv.URL}).Decode(t, &hook)
	rcv.SetSecret(hook.CreateWebhook.Secret)
	admin.Do(createKeyMutation, testenv.Vars{"name": "ERP sync"})
	testenv.Eventually(t, "the receiver asked", func() bool { return rcv.Requests() == 1 })

	srv.stop() // fails unless it exits 0 in time
	db := testenv.Open(t, url)
	var status string
	var attempts int
	db.SQL.QueryRow("SELECT status, attempts FROM webhook_deliveries").Scan(&status, &attempts)
	if status != "PENDING" {
		t.Errorf("after the stop the delivery is %s (%d attempts), want PENDING", status, attempts)
	}
}
