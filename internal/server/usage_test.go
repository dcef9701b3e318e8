package server_test

import (
	"net/http"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/internal/testenv"
	"importops/internal/usage"
)

const usageQuery = `query($id: ID!, $days: Int) { key(id: $id) { lastUsedAt lastUsedIp lastUsedUserAgent usage(days: $days) { date requests refused } } }`

type usageKey struct {
	LastUsedAt        *string
	LastUsedIp        *string
	LastUsedUserAgent *string
	Usage             []usage.DayCounts
}

// usageOf reads key id's usage over days (nil: the default) as an admin.
func usageOf(t *testing.T, admin *testenv.Client, id int, days any) usageKey {
	t.Helper()
	var d struct{ Key *usageKey }
	admin.Do(usageQuery, testenv.Vars{"id": keysID(id), "days": days}).Decode(t, &d)
	if d.Key == nil {
		t.Fatalf("key(%d) is null", id)
	}
	return *d.Key
}

// usageToday is the last entry (today), failing unless it is today.
func usageToday(t *testing.T, k usageKey) usage.DayCounts {
	t.Helper()
	last := k.Usage[len(k.Usage)-1]
	if want := usage.Day(time.Now()); last.Date != want {
		t.Fatalf("usage ends on %s, want today %s: %+v", last.Date, want, k.Usage)
	}
	return last
}

const usageVehicles = `{ vehicles { totalCount } }`

// TestUsageCountsServedAndRefused: a key's requests are counted as served,
// and as refused when refused for it — missing scope, keys-only
// operations, revoked, expired, plan — only once flushed, and flushes add.
func TestUsageCountsServedAndRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		tok, key := env.IssueKey(org) // vehicles.read only
		_, idle := env.IssueKey(org)
		reader := env.Bearer(tok)
		for range 3 {
			reader.Do(usageVehicles, nil).Decode(t, &struct{}{})
		}
		reader.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(1))}).WantError(t, 200, "FORBIDDEN")
		reader.Do(`{ keys { totalCount } }`, nil).WantError(t, 200, "FORBIDDEN")
		// Two refused fields in one request: one refused request.
		reader.Do(`mutation { a: createVehicle(input: {vin: "`+testenv.VIN(2)+`", make: "A", model: "B", year: 2000}) { vin }
			b: createVehicle(input: {vin: "`+testenv.VIN(3)+`", make: "A", model: "B", year: 2000}) { vin } }`, nil).
			WantError(t, 200, "FORBIDDEN")

		if got := usageToday(t, usageOf(t, admin, key.ID, nil)); got.Requests != 0 || got.Refused != 0 {
			t.Errorf("before any flush today shows %+v: usage was written per request", got)
		}
		env.FlushLastUsed()
		if got := usageToday(t, usageOf(t, admin, key.ID, nil)); got.Requests != 3 || got.Refused != 3 {
			t.Errorf("after the flush today = %+v, want 3 served and 3 refused", got)
		}

		reader.Do(usageVehicles, nil).Decode(t, &struct{}{})
		env.FlushLastUsed()
		if got := usageToday(t, usageOf(t, admin, key.ID, nil)); got.Requests != 4 || got.Refused != 3 {
			t.Errorf("a second flush gave %+v, want its count added: 4 served, 3 refused", got)
		}

		// Refused at authentication: the plan, then revocation.
		env.Exec("UPDATE organizations SET plan = ? WHERE id = ?", organization.PlanCORE, org.ID)
		reader.Do(usageVehicles, nil).WantError(t, 403, "PLAN_REQUIRED")
		env.Exec("UPDATE organizations SET plan = ? WHERE id = ?", organization.PlanPRO, org.ID)
		keysRevoke(t, admin, keysID(key.ID))
		reader.Do(usageVehicles, nil).WantError(t, 401, "UNAUTHENTICATED")
		reader.Do(usageVehicles, nil).WantError(t, 401, "UNAUTHENTICATED")
		env.FlushLastUsed()
		if got := usageToday(t, usageOf(t, admin, key.ID, nil)); got.Requests != 4 || got.Refused != 6 {
			t.Errorf("after plan and revoked refusals today = %+v, want 4 served and 6 refused", got)
		}
		for _, d := range usageOf(t, admin, idle.ID, nil).Usage {
			if d.Requests != 0 || d.Refused != 0 {
				t.Errorf("the unused key shows %+v", d)
			}
		}
	})
}

// TestUsageCountsExpiredAndRateLimited: an expired key's requests and
// those past the key's rate limit are refused for the key.
func TestUsageCountsExpiredAndRateLimited(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{KeyRateLimit: 1})
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", "ADMIN")
		admin := env.SignIn("ada@acme.test", testenv.Password)
		tok, key := env.IssueKey(org)
		expiredTok, expired := env.IssueKey(org)
		env.ExpireKey(expired, time.Now().Add(-time.Minute))

		served, limited := 0, 0
		for range 6 {
			r := env.Bearer(tok).Do(usageVehicles, nil)
			switch r.Status {
			case http.StatusOK:
				served++
			case http.StatusTooManyRequests:
				limited++
			default:
				t.Fatalf("unexpected answer %d %s", r.Status, r.Raw)
			}
		}
		if limited == 0 {
			t.Fatalf("no request was rate limited (limit 1/s, bursts of 2, 6 requests)")
		}
		env.Bearer(expiredTok).Do(usageVehicles, nil).WantError(t, 401, "UNAUTHENTICATED")
		env.FlushLastUsed()
		if got := usageToday(t, usageOf(t, admin, key.ID, nil)); got.Requests != served || got.Refused != limited {
			t.Errorf("today = %+v, want %d served and %d rate limited", got, served, limited)
		}
		if got := usageToday(t, usageOf(t, admin, expired.ID, nil)); got.Requests != 0 || got.Refused != 1 {
			t.Errorf("the expired key's today = %+v, want 1 refused", got)
		}
	})
}

// TestUsageDays: one entry per UTC day ending today, oldest first, days
// without requests as zeros; days from 1 to 90; older rows pruned.
func TestUsageDays(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		_, key := env.IssueKey(org)
		now := time.Now().UTC()
		put := func(daysAgo, requests, refused int) {
			env.Exec("INSERT INTO api_key_usages (organization_id, api_key_id, day, requests, refused) VALUES (?, ?, ?, ?, ?)",
				org.ID, key.ID, usage.Day(now.AddDate(0, 0, -daysAgo)), requests, refused)
		}
		put(2, 7, 1)
		put(89, 5, 0)
		put(90, 9, 9) // beyond the window: pruned at the next flush

		k := usageOf(t, admin, key.ID, nil)
		if len(k.Usage) != 30 {
			t.Fatalf("default usage has %d days, want 30", len(k.Usage))
		}
		for i, d := range k.Usage {
			want := usage.DayCounts{Date: usage.Day(now.AddDate(0, 0, i-29))}
			if i == 27 {
				want.Requests, want.Refused = 7, 1
			}
			if d != want {
				t.Errorf("usage[%d] = %+v, want %+v", i, d, want)
			}
		}
		if got := usageOf(t, admin, key.ID, 1).Usage; !reflect.DeepEqual(got, []usage.DayCounts{{Date: usage.Day(now)}}) {
			t.Errorf("usage(days: 1) = %+v, want today alone", got)
		}
		env.FlushLastUsed()
		all := usageOf(t, admin, key.ID, 90).Usage
		if len(all) != 90 || all[0].Date != usage.Day(now.AddDate(0, 0, -89)) || all[0].Requests != 5 {
			t.Errorf("usage(days: 90) starts %+v (%d days), want 89 days ago with 5 requests", all[0], len(all))
		}
		n, err := env.DB.APIKeyUsage.Query().Count(testenv.System())
		if err != nil || n != 2 {
			t.Errorf("after the flush %d usage rows (%v), want 2: the row 90 days old pruned", n, err)
		}

		for _, days := range []int{0, -1, 91, 1000} {
			r := admin.Do(usageQuery, testenv.Vars{"id": keysID(key.ID), "days": days})
			msg := keysWantInputError(t, r, "days")
			if !strings.Contains(msg, "90") {
				t.Errorf("days %d: message %q does not give the limit", days, msg)
			}
		}
	})
}

// TestUsageLastUseAddressAndAgent: lastUsedIp and lastUsedUserAgent are
// those of the latest use (the address from X-Forwarded-For behind a
// trusted proxy), the agent cleaned and cut; an older use flushed later
// does not replace them.
func TestUsageLastUseAddressAndAgent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", "ADMIN")
		admin := env.SignIn("ada@acme.test", testenv.Password)
		tok, key := env.IssueKey(org)

		k := usageOf(t, admin, key.ID, 1)
		if k.LastUsedIp != nil || k.LastUsedUserAgent != nil {
			t.Errorf("an unused key shows %v / %v", k.LastUsedIp, k.LastUsedUserAgent)
		}
		first := env.Bearer(tok)
		first.Header().Set("X-Forwarded-For", "203.0.113.7")
		first.Header().Set("User-Agent", "ERP sync/1.0")
		first.Do(usageVehicles, nil).Decode(t, &struct{}{})
		second := env.Bearer(tok)
		second.Header().Set("X-Forwarded-For", "2001:db8::5")
		second.Header().Set("User-Agent", "Nightly\tjob "+strings.Repeat("é", 300))
		second.Do(usageVehicles, nil).Decode(t, &struct{}{})
		env.FlushLastUsed()

		k = usageOf(t, admin, key.ID, 1)
		wantUA := "Nightlyjob " + strings.Repeat("é", usage.MaxUserAgent-len("Nightlyjob "))
		if k.LastUsedIp == nil || *k.LastUsedIp != "2001:db8::5" {
			t.Errorf("lastUsedIp = %v, want the latest use's 2001:db8::5", k.LastUsedIp)
		}
		if k.LastUsedUserAgent == nil || *k.LastUsedUserAgent != wantUA {
			t.Errorf("lastUsedUserAgent = %v, want %q", k.LastUsedUserAgent, wantUA)
		}

		// Another server's older use, flushed after: nothing moves back.
		env.LastUsed.Touch(key.ID, time.Now().Add(-time.Hour), "198.51.100.1", "old")
		env.FlushLastUsed()
		if k2 := usageOf(t, admin, key.ID, 1); *k2.LastUsedIp != "2001:db8::5" || *k2.LastUsedAt != *k.LastUsedAt {
			t.Errorf("an older use replaced the latest: %v at %v", *k2.LastUsedIp, *k2.LastUsedAt)
		}
	})
}
