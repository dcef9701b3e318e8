package apikey

import (
	"context"
	"net/netip"
	"testing"

	"importops/internal/clientip"
)

// The networks kept in memory are parsed once; a stored list that is
// damaged limits the key to nowhere, never to everywhere.
func TestParseNetworks(t *testing.T) {
	from := func(addr string) context.Context {
		return clientip.NewContext(context.Background(), clientip.Client{Addr: netip.MustParseAddr(addr)})
	}
	cases := []struct {
		stored  string
		client  string
		allowed bool
	}{
		{"[]", "198.51.100.7", true},
		{"", "198.51.100.7", true},
		{`["203.0.113.0/24"]`, "203.0.113.9", true},
		{`["203.0.113.0/24"]`, "198.51.100.7", false},
		{`["2001:db8::/48"]`, "2001:db8::1", true},
		{`["not a network"]`, "198.51.100.7", false},
		{`["not a network", "198.51.100.0/24"]`, "198.51.100.7", true},
	}
	for _, c := range cases {
		nets, err := parseNetworks([]byte(c.stored))
		if err != nil {
			t.Fatalf("%s: %v", c.stored, err)
		}
		if got := checkAddress(from(c.client), nets) == nil; got != c.allowed {
			t.Errorf("networks %s, client %s: allowed %v, want %v", c.stored, c.client, got, c.allowed)
		}
	}
	if _, err := parseNetworks([]byte(`{"a":1}`)); err == nil {
		t.Error("a stored value that is not a list of strings was accepted")
	}
}
