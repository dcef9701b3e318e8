package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"importops/internal/expiry"
	"importops/internal/testenv"
)

// Expiry warnings go out at 14, 7 and 1 days before a key expires, and
// api_key.expired after: each once, however often the scanner runs, and
// not again after a restart (a new scanner on a new connection).
func TestWebhooksExpiryWarnings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, admin := hooksSetup(t, url)
		rcv := testenv.NewReceiver(t)
		hooksCreate(t, admin, rcv, []string{"api_key.expiring", "api_key.expired"})
		env.StartWebhooks(env.DB, 0)
		start := time.Now()
		expires := start.Add(20 * 24 * time.Hour).UTC().Format(time.RFC3339)
		key := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "CUSTOM", "expiresAt": expires}).CreateApiKey
		revoked := keysCreate(t, admin, map[string]any{"name": "Old sync", "expiry": "CUSTOM", "expiresAt": expires}).CreateApiKey
		keysRevoke(t, admin, revoked.ApiKey.ID)

		// Each step scans twice, each time as a freshly started replica
		// (its own scanner and connection): the second finds nothing new.
		scan := func(days float64) {
			t.Helper()
			now := start.Add(time.Duration(days * float64(24*time.Hour)))
			for range 2 {
				s := &expiry.Scanner{DB: testenv.Open(t, url), Now: func() time.Time { return now }}
				if _, err := s.Scan(context.Background()); err != nil {
					t.Fatalf("scan at day %v: %v", days, err)
				}
			}
		}
		want := []string{}
		for _, step := range []struct {
			days float64
			got  string // "" when nothing is due
		}{
			{1, ""},                      // 19 days left
			{6.5, "api_key.expiring 14"}, // 13.5 days left
			{8, ""},
			{13.5, "api_key.expiring 7"},
			{19.5, "api_key.expiring 1"},
			{19.9, ""},
			{20.1, "api_key.expired"},
			{21, ""},
		} {
			scan(step.days)
			if step.got != "" {
				want = append(want, step.got)
			}
			got := rcv.WaitFor(len(want))
			var seen []string
			for _, m := range got {
				s := m.Type
				if d, ok := m.Data["daysLeft"].(float64); ok {
					s += " " + strconv.Itoa(int(d))
				}
				if wantStatus := map[bool]string{true: "EXPIRED", false: "ACTIVE"}[m.Type == "api_key.expired"]; m.Data["status"] != wantStatus {
					t.Errorf("%s: status %v, want %s", m.Type, m.Data["status"], wantStatus)
				}
				if m.Data["id"] != key.ApiKey.ID {
					t.Errorf("day %v: a notice about key %v (the revoked key is never warned about)", step.days, m.Data["id"])
				}
				seen = append(seen, s)
			}
			if strings.Join(seen, ",") != strings.Join(want, ",") {
				t.Fatalf("day %v: received %v, want %v", step.days, seen, want)
			}
		}
		if n := hooksCount(t, env, "webhook_deliveries"); n != 4 {
			t.Errorf("%d deliveries queued, want 4", n)
		}
	})
}
