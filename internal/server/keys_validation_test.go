package server_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// Every refused createApiKey input answers with a code, the field at fault
// and a message a person can act on, and writes nothing.
func TestKeysCreateRefusesBadInput(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		now := time.Now().UTC()
		rfc := func(t time.Time) string { return t.Format(time.RFC3339) }

		cases := []struct {
			name  string
			input map[string]any
			code  string
			field string
			says  string // the message contains this, case-insensitively
		}{
			{"empty name", map[string]any{"name": "", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "required"},
			{"only spaces", map[string]any{"name": "    ", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "required"},
			{"101 characters", map[string]any{"name": strings.Repeat("a", 101), "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "100"},
			{"101 accented characters", map[string]any{"name": strings.Repeat("é", 101), "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "100"},
			{"tab", map[string]any{"name": "ERP\tsync", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "control"},
			{"newline", map[string]any{"name": "ERP\nsync", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "control"},
			{"NUL", map[string]any{"name": "ERP\x00sync", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "control"},
			{"DEL", map[string]any{"name": "ERP\x7fsync", "expiry": "THREE_MONTHS"}, "BAD_USER_INPUT", "name", "control"},
			{"custom without a date", map[string]any{"name": "ERP sync", "expiry": "CUSTOM"}, "BAD_USER_INPUT", "expiresAt", "required"},
			{"custom in the past", map[string]any{"name": "ERP sync", "expiry": "CUSTOM", "expiresAt": rfc(now.Add(-time.Hour))}, "BAD_USER_INPUT", "expiresAt", "future"},
			{"custom beyond two years", map[string]any{"name": "ERP sync", "expiry": "CUSTOM", "expiresAt": rfc(now.AddDate(2, 0, 2))}, "BAD_USER_INPUT", "expiresAt", "two years"},
			{"date with THREE_MONTHS", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "expiresAt": rfc(now.AddDate(0, 1, 0))}, "BAD_USER_INPUT", "expiresAt", "custom"},
			{"date with SIX_MONTHS", map[string]any{"name": "ERP sync", "expiry": "SIX_MONTHS", "expiresAt": rfc(now.AddDate(0, 1, 0))}, "BAD_USER_INPUT", "expiresAt", "custom"},
			{"date with ONE_YEAR", map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR", "expiresAt": rfc(now.AddDate(0, 1, 0))}, "BAD_USER_INPUT", "expiresAt", "custom"},
			{"unknown scope", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "scopes": []string{"vehicles.delete"}}, "BAD_USER_INPUT", "scopes", "vehicles.delete"},
			{"unknown among known", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "scopes": []string{"vehicles.read", "admin"}}, "BAD_USER_INPUT", "scopes", "admin"},
			{"no scopes", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "scopes": []string{}}, "BAD_USER_INPUT", "scopes", "scope"},
			{"write scope", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "scopes": []string{"vehicles.write"}}, "FORBIDDEN", "", "support"},
			{"read and write scopes", map[string]any{"name": "ERP sync", "expiry": "THREE_MONTHS", "scopes": []string{"vehicles.read", "vehicles.write"}}, "FORBIDDEN", "", "support"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := admin.Do(keysCreateMutation, testenv.Vars{"input": tc.input})
				var msg string
				if tc.code == "BAD_USER_INPUT" {
					msg = keysWantInputError(t, r, tc.field)
				} else {
					r.WantError(t, 200, tc.code)
					msg = r.Message()
				}
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(tc.says)) {
					t.Errorf("message %q does not mention %q", msg, tc.says)
				}
				if strings.Contains(r.Raw, "iops_") {
					t.Errorf("a refused request returned a token: %s", r.Raw)
				}
				keysWantNothingWritten(t, env, 0, 0)
			})
		}
	})
}

// Names are trimmed and counted in characters, not bytes; they may repeat.
func TestKeysCreateAcceptsNames(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		cases := []struct{ give, want string }{
			{strings.Repeat("a", 100), strings.Repeat("a", 100)},
			{strings.Repeat("é", 100), strings.Repeat("é", 100)}, // 200 bytes
			{"  " + strings.Repeat("日", 100) + "\t ", strings.Repeat("日", 100)},
			{"Website inventory sync", "Website inventory sync"},
			{"Website inventory sync", "Website inventory sync"}, // a repeat
		}
		for i, tc := range cases {
			d := keysCreate(t, admin, map[string]any{"name": tc.give, "expiry": "THREE_MONTHS"})
			if d.CreateApiKey.ApiKey.Name != tc.want {
				t.Errorf("name %q was saved as %q, want %q", tc.give, d.CreateApiKey.ApiKey.Name, tc.want)
			}
			if n := env.KeyCount(); n != i+1 {
				t.Errorf("after %d creations, %d keys", i+1, n)
			}
		}
		// The stored names match what the API returned.
		for _, k := range env.DB.APIKey.Query().AllX(testenv.System()) {
			if strings.TrimSpace(k.Name) != k.Name || k.Name == "" {
				t.Errorf("stored name %q is not trimmed", k.Name)
			}
		}
	})
}

// keysAddMonths is months calendar months after t, taking the month's last
// day when t's day does not exist in it (31 January + 1 month = end of
// February).
func keysAddMonths(t time.Time, months int) time.Time {
	want := t.AddDate(0, months, 0)
	if want.Day() != t.Day() {
		want = want.AddDate(0, 0, -want.Day()) // AddDate overflowed: back to the month's last day
	}
	return want
}

// The fixed expiries are calendar months from creation; a custom date is
// kept exactly.
func TestKeysCreateExpiry(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		for _, tc := range []struct {
			expiry string
			months int
		}{{"THREE_MONTHS", 3}, {"SIX_MONTHS", 6}, {"ONE_YEAR", 12}} {
			now := time.Now().UTC()
			d := keysCreate(t, admin, map[string]any{"name": tc.expiry, "expiry": tc.expiry})
			got := d.CreateApiKey.ApiKey.ExpiresAt
			want := keysAddMonths(now, tc.months)
			if diff := got.Sub(want).Abs(); diff > 24*time.Hour {
				t.Errorf("%s: expiresAt = %s, want about %s (off by %s)", tc.expiry, got, want, diff)
			}
			if d.CreateApiKey.ApiKey.Status != "ACTIVE" {
				t.Errorf("%s: status %s", tc.expiry, d.CreateApiKey.ApiKey.Status)
			}
		}

		for _, at := range []time.Time{
			time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second),
			time.Now().UTC().AddDate(2, 0, -1).Truncate(time.Second),
		} {
			d := keysCreate(t, admin, map[string]any{"name": "Custom", "expiry": "CUSTOM", "expiresAt": at.Format(time.RFC3339)})
			if got := d.CreateApiKey.ApiKey.ExpiresAt; !got.Equal(at) {
				t.Errorf("CUSTOM %s: expiresAt = %s", at, got)
			}
			stored := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, d.CreateApiKey.ApiKey.ID))
			if !stored.ExpiresAt.Equal(at) {
				t.Errorf("CUSTOM %s: stored expires_at = %s", at, stored.ExpiresAt)
			}
		}
		// A custom date in another time zone is the same instant.
		at := time.Now().Add(72 * time.Hour).Truncate(time.Second).In(time.FixedZone("NZ", 13*3600))
		d := keysCreate(t, admin, map[string]any{"name": "Custom", "expiry": "CUSTOM", "expiresAt": at.Format(time.RFC3339)})
		if got := d.CreateApiKey.ApiKey.ExpiresAt; !got.Equal(at) {
			t.Errorf("CUSTOM %s: expiresAt = %s", at.Format(time.RFC3339), got)
		}
	})
}

// Omitted scopes mean read-only, which an admin may also ask for by name.
func TestKeysCreateScopes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		for _, input := range []map[string]any{
			{"name": "omitted", "expiry": "ONE_YEAR"},
			{"name": "null", "expiry": "ONE_YEAR", "scopes": nil},
			{"name": "read", "expiry": "ONE_YEAR", "scopes": []string{"vehicles.read"}},
		} {
			d := keysCreate(t, admin, input)
			if got := d.CreateApiKey.ApiKey.Scopes; !slices.Equal(got, []string{"vehicles.read"}) {
				t.Errorf("%s: scopes = %q, want [vehicles.read]", input["name"], got)
			}
			stored := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, d.CreateApiKey.ApiKey.ID))
			if !slices.Equal(stored.Scopes, []string{"vehicles.read"}) {
				t.Errorf("%s: stored scopes = %q", input["name"], stored.Scopes)
			}
			// The key reads vehicles and cannot write them.
			key := env.Bearer(d.CreateApiKey.Token)
			var v struct{ Vehicles struct{ TotalCount int } }
			key.Do(`{ vehicles { totalCount } }`, nil).Decode(t, &v)
			r := key.Do(`mutation { createVehicle(input: {vin: "1HGCM82633A004352", make: "Honda", model: "Accord", year: 2003}) { id } }`, nil)
			if r.Code() != "FORBIDDEN" || !strings.Contains(r.Message(), "vehicles.write") {
				t.Errorf("%s: a read-only key writing a vehicle got %d %s", input["name"], r.Status, r.Raw)
			}
		}
	})
}

func keysAtoi(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id)
	if err != nil {
		t.Fatalf("ID %q is not a number", id)
	}
	return n
}
