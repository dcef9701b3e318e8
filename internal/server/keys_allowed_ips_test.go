package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const keysAllowedIPsMutation = `mutation($id: ID!, $cidrs: [String!]!) { setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { id allowedIps } }`

// keysSetAllowedIPs limits a key through the API, failing the test on any
// error, and returns the key's allowedIps.
func keysSetAllowedIPs(t *testing.T, c *testenv.Client, id string, cidrs ...string) []string {
	t.Helper()
	if cidrs == nil {
		cidrs = []string{}
	}
	var d struct{ SetApiKeyAllowedIps struct{ AllowedIps []string } }
	c.Do(keysAllowedIPsMutation, testenv.Vars{"id": id, "cidrs": cidrs}).Decode(t, &d)
	return d.SetApiKeyAllowedIps.AllowedIps
}

// keysBehindProxy is keysSetup on a server behind a trusted proxy at
// 127.0.0.1 (the tests' own address), so that X-Forwarded-For names the
// client.
func keysBehindProxy(t *testing.T, url string) (*testenv.Env, *testenv.Client) {
	t.Helper()
	env := testenv.New(t, url, testenv.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	return env, env.SignIn("ada@acme.test", testenv.Password)
}

// keysFrom sends a request with tok from client, as the proxy reports it
// ("" for the proxy itself).
func keysFrom(env *testenv.Env, tok, client string) *testenv.Response {
	c := env.Bearer(tok)
	if client != "" {
		c.Header().Set("X-Forwarded-For", client)
	}
	return c.Do(keysVehiclesQuery, nil)
}

// A limited key serves clients inside its IPv4 and IPv6 networks and
// refuses the others with 403 FORBIDDEN naming their address; [] lets it
// be used from anywhere again. Each change is in the audit log, and each
// refusal in the metrics as outcome "address".
func TestKeysAllowedIPsEnforced(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, admin := keysBehindProxy(t, url)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		tok, id := created.Token, created.ApiKey.ID

		got := keysSetAllowedIPs(t, admin, id, "2001:db8:1::/48", "198.51.100.0/24")
		if want := []string{"198.51.100.0/24", "2001:db8:1::/48"}; !slices.Equal(got, want) {
			t.Fatalf("allowedIps = %v, want %v", got, want)
		}
		for _, client := range []string{"198.51.100.7", "198.51.100.255", "2001:db8:1::5", "2001:db8:1:ffff::1", "::ffff:198.51.100.9"} {
			var v struct{ Vehicles struct{ TotalCount int } }
			keysFrom(env, tok, client).Decode(t, &v)
		}
		refused := []string{"203.0.113.9", "198.51.101.1", "2001:db8:2::1", ""}
		for _, client := range refused {
			r := keysFrom(env, tok, client)
			r.WantError(t, http.StatusForbidden, "FORBIDDEN")
			addr := client
			if addr == "" {
				addr = "127.0.0.1" // the proxy is not inside the networks either
			}
			if want := "This API key is not allowed from " + addr + ":"; !strings.HasPrefix(r.Message(), want) {
				t.Errorf("from %q: message = %q, want it to start %q", client, r.Message(), want)
			}
		}
		// A client cannot choose its address: the proxy's entry is the one believed.
		keysFrom(env, tok, "198.51.100.7, 203.0.113.9").WantError(t, http.StatusForbidden, "FORBIDDEN")

		if got := keysSetAllowedIPs(t, admin, id); len(got) != 0 {
			t.Fatalf("allowedIps after [] = %v", got)
		}
		var v struct{ Vehicles struct{ TotalCount int } }
		keysFrom(env, tok, "203.0.113.9").Decode(t, &v)

		if a := auditActions(t, admin); strings.Join(a, " ") != "api_key.allowed_ips_changed api_key.allowed_ips_changed api_key.created" {
			t.Errorf("audit actions = %v", a)
		}
		rec := httptest.NewRecorder()
		env.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if got := metricValue(t, rec.Body.String(), "importops_key_verifications_total", `outcome="address"`); got != float64(len(refused)+1) {
			t.Errorf("address refusals counted = %v, want %d", got, len(refused)+1)
		}
	})
}

// Without --trusted-proxy the client is the TCP peer (127.0.0.1 here),
// whatever X-Forwarded-For claims; a bare address is a network of one.
func TestKeysAllowedIPsWithoutProxy(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		tok, id := created.Token, created.ApiKey.ID

		if got := keysSetAllowedIPs(t, admin, id, "127.0.0.1"); !slices.Equal(got, []string{"127.0.0.1/32"}) {
			t.Fatalf("allowedIps = %v", got)
		}
		var v struct{ Vehicles struct{ TotalCount int } }
		keysFrom(env, tok, "203.0.113.9").Decode(t, &v)

		keysSetAllowedIPs(t, admin, id, "10.0.0.0/8")
		r := keysFrom(env, tok, "10.1.2.3")
		r.WantError(t, http.StatusForbidden, "FORBIDDEN")
		if !strings.Contains(r.Message(), "127.0.0.1") {
			t.Errorf("message = %q, want it to name 127.0.0.1", r.Message())
		}
	})
}

// Entries are masked, deduplicated and sorted; setting the same networks
// again, however spelt, records nothing. 20 networks are allowed, also
// when more entries repeat them.
func TestKeysAllowedIPsNormalised(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		id := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey.ID

		got := keysSetAllowedIPs(t, admin, id, "10.1.2.3/8", " 2001:DB8::1 ", "10.0.0.0/8", "::ffff:192.0.2.1", "2001:db8:0:0:0:0:0:1/128")
		want := []string{"10.0.0.0/8", "192.0.2.1/32", "2001:db8::1/128"}
		if !slices.Equal(got, want) {
			t.Fatalf("allowedIps = %v, want %v", got, want)
		}
		if stored := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, id)).AllowedIps; !slices.Equal(stored, want) {
			t.Errorf("stored allowed_ips = %v, want %v", stored, want)
		}
		keysSetAllowedIPs(t, admin, id, "192.0.2.1", "2001:db8::1", "10.9.9.9/8")
		keysWantNothingWritten(t, env, 1, 2)

		twenty := make([]string, 0, 21)
		for i := range 20 {
			twenty = append(twenty, fmt.Sprintf("198.51.100.%d", i))
		}
		if got := keysSetAllowedIPs(t, admin, id, append(twenty, "198.51.100.0/32")...); len(got) != 20 {
			t.Errorf("%d networks stored, want 20", len(got))
		}
		keysWantNothingWritten(t, env, 1, 3)
	})
}

// A bad CIDR, and a 21st network, are BAD_USER_INPUT on field cidrs naming
// the problem, and change nothing.
func TestKeysAllowedIPsRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		id := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey.ID
		keysSetAllowedIPs(t, admin, id, "198.51.100.0/24")

		var many []string
		for i := range 21 {
			many = append(many, fmt.Sprintf("10.0.%d.0/24", i))
		}
		for _, tc := range []struct {
			cidrs []string
			want  string
		}{
			{[]string{"192.0.2.0/24", "10.0.0.0/33"}, `"10.0.0.0/33"`},
			{[]string{"2001:db8::/129"}, `"2001:db8::/129"`},
			{[]string{"nonsense"}, `"nonsense"`},
			{[]string{""}, "empty"},
			{[]string{"fe80::1%eth0"}, `"fe80::1%eth0"`},
			{[]string{"10.0.0.0/8/8"}, `"10.0.0.0/8/8"`},
			{many, "at most 20"},
		} {
			r := admin.Do(keysAllowedIPsMutation, testenv.Vars{"id": id, "cidrs": tc.cidrs})
			if msg := keysWantInputError(t, r, "cidrs"); !strings.Contains(msg, tc.want) {
				t.Errorf("%v: message %q does not say %s", tc.cidrs, msg, tc.want)
			}
		}
		if got := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, id)).AllowedIps; !slices.Equal(got, []string{"198.51.100.0/24"}) {
			t.Errorf("allowed_ips after refusals = %v", got)
		}
		keysWantNothingWritten(t, env, 1, 2)
	})
}

// Another organisation's key is NOT_FOUND, like a missing one, and keeps
// working from anywhere.
func TestKeysAllowedIPsOtherOrganisation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		other := env.Org("other", organization.PlanPRO)
		tok, key := env.IssueKey(other)
		for _, id := range []string{keysID(key.ID), keysID(key.ID + 1000), "abc"} {
			r := admin.Do(keysAllowedIPsMutation, testenv.Vars{"id": id, "cidrs": []string{"10.0.0.0/8"}})
			r.WantError(t, 200, "NOT_FOUND")
		}
		if got := env.DB.APIKey.GetX(testenv.System(), key.ID).AllowedIps; len(got) != 0 {
			t.Errorf("another organisation's admin limited the key to %v", got)
		}
		var v struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(tok).Do(keysVehiclesQuery, nil).Decode(t, &v)
		keysWantNothingWritten(t, env, 1, 1)
	})
}
