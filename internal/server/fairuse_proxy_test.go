package server_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// fairuseBadKey sends a never-issued key, as from (an X-Forwarded-For
// value; none if "").
func fairuseBadKey(env *testenv.Env, from string) *testenv.Response {
	env.T.Helper()
	c := env.Bearer("iops_" + strings.Repeat("A", 38))
	if from != "" {
		c.Header().Set("X-Forwarded-For", from)
	}
	return c.Do(fairuseQuery, nil)
}

func fairuseWant401(t *testing.T, resp *testenv.Response, what string) {
	t.Helper()
	if resp.Status != http.StatusUnauthorized || resp.Code() != "UNAUTHENTICATED" {
		t.Fatalf("%s: want 401 UNAUTHENTICATED (not yet limited), got %d %s", what, resp.Status, resp.Raw)
	}
}

// X-Forwarded-For used to be believed from any loopback or private peer,
// so anyone on a VPN, pod network or office LAN got a fresh allowance by
// changing it. Without --trusted-proxy it is never read: the test's
// requests all come from 127.0.0.1, whatever they claim.
func TestSpoofedForwardedForGivesNoFreshAllowance(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		for _, opts := range []testenv.Options{
			{},
			{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, // not the test's peer
		} {
			t.Run(fmt.Sprint(opts.TrustedProxies), func(t *testing.T) {
				env := testenv.New(t, url, opts)
				for i := range fairuseKeyAllowance {
					fairuseWant401(t, fairuseBadKey(env, fmt.Sprintf("198.51.100.%d", i+1)), fmt.Sprintf("invalid key %d", i+1))
				}
				fairuseWant429(t, fairuseBadKey(env, "198.51.100.250"), "invalid API keys")
				fairuseWant429(t, fairuseBadKey(env, "2001:db8::1"), "invalid API keys")

			})
		}
	})
}

// Behind a trusted proxy, the client is the rightmost X-Forwarded-For entry
// that is not a trusted proxy: each client has its own allowance, and a
// client cannot escape its own by writing addresses to the left of the
// one the proxy appended.
func TestForwardedForFromATrustedProxy(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := fairuseBehindProxy(t, url)
		const client = "198.51.100.7"
		for i := range fairuseKeyAllowance {
			fairuseWant401(t, fairuseBadKey(env, client), fmt.Sprintf("invalid key %d", i+1))
		}
		fairuseWant429(t, fairuseBadKey(env, client), "invalid API keys")
		// The client's own spoofed entry, then the proxy's.
		fairuseWant429(t, fairuseBadKey(env, "203.0.113.1, "+client), "invalid API keys")
		// A trusted hop after the client is skipped.
		fairuseWant429(t, fairuseBadKey(env, client+", 127.0.0.1"), "invalid API keys")

		// Another client behind the same proxy is not limited, nor is the
		// proxy itself.
		fairuseWant401(t, fairuseBadKey(env, "198.51.100.8"), "another client")
		fairuseWant401(t, fairuseBadKey(env, ""), "the proxy's own request")
		// An entry that is not an address leaves only the peer.
		fairuseWant401(t, fairuseBadKey(env, client+", not-an-address"), "a malformed entry")
	})
}

// IPv6 addresses are counted per /64: a client holding one has 2^64
// addresses, and each used to get its own allowance.
func TestIPv6AddressesOfOneSlash64ShareAnAllowance(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := fairuseBehindProxy(t, url)
		for i := range fairuseKeyAllowance {
			from := fmt.Sprintf("2001:db8:1:2::%x", i+1)
			fairuseWant401(t, fairuseBadKey(env, from), "invalid key from "+from)
		}
		fairuseWant429(t, fairuseBadKey(env, "2001:db8:1:2:ffff:ffff:ffff:ffff"), "invalid API keys")
		fairuseWant401(t, fairuseBadKey(env, "2001:db8:1:3::1"), "the next /64")
	})
}
