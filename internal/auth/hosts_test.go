package auth

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Which Host headers are ours, by the address the connection reached
// (the handler tests cover the loopback listener end to end).
func TestHostsAllowed(t *testing.T) {
	tests := []struct {
		name, local, public, host string
		want                      bool
	}{
		{"loopback listener, localhost", "127.0.0.1:8080", "", "localhost:8080", true},
		{"loopback listener, ::1", "127.0.0.1:8080", "", "[::1]:8080", true},
		{"loopback listener, its own address without a port", "127.0.0.1:8080", "", "127.0.0.1", true},
		{"IPv6 loopback listener, 127.0.0.1", "[::1]:8080", "", "127.0.0.1:8080", true},
		{"loopback listener, a rebinding name", "127.0.0.1:8080", "", "rebind.attacker.example:8080", false},
		{"loopback listener, a name ending in localhost", "127.0.0.1:8080", "", "localhost.attacker.example:8080", false},
		{"LAN listener, its address", "192.0.2.10:8080", "", "192.0.2.10:8080", true},
		{"LAN listener, IPv4-mapped", "[::ffff:192.0.2.10]:8080", "", "192.0.2.10:8080", true},
		{"LAN listener, localhost is not ours", "192.0.2.10:8080", "", "localhost:8080", false},
		{"LAN listener, 127.0.0.1 is not ours", "192.0.2.10:8080", "", "127.0.0.1:8080", false},
		{"LAN listener, another address", "192.0.2.10:8080", "", "192.0.2.11:8080", false},
		{"LAN listener, a name", "192.0.2.10:8080", "", "keys.importops.example", false},
		{"public URL's host", "10.0.0.5:8080", "https://keys.importops.example", "keys.importops.example", true},
		{"public URL's host, any case, a port", "10.0.0.5:8080", "https://keys.importops.example", "KEYS.importops.example:443", true},
		{"public URL with a port", "10.0.0.5:8080", "http://keys.importops.example:8443", "keys.importops.example:8443", true},
		{"not the public URL's host", "10.0.0.5:8080", "https://keys.importops.example", "evil.example", false},
		{"empty Host", "127.0.0.1:8080", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local, err := net.ResolveTCPAddr("tcp", tt.local)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/graphql", nil)
			r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, local))
			r.Host = tt.host
			if got := newHosts(tt.public).allowed(r); got != tt.want {
				t.Errorf("allowed(%q) = %v, want %v", tt.host, got, tt.want)
			}
		})
	}
}

// A request that came over no connection (a handler called directly) has
// no listen address: only the public URL's host is ours.
func TestHostsWithoutConnection(t *testing.T) {
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.Host = "localhost"
	if newHosts("").allowed(r) {
		t.Error("localhost allowed without a listen address")
	}
	r.Host = "keys.importops.example"
	if !newHosts("https://keys.importops.example").allowed(r) {
		t.Error("the public URL's host refused without a listen address")
	}
}
