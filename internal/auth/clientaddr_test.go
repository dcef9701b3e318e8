package auth

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	tests := []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct client", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"a public peer cannot name another client", "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"behind a private balancer", "10.0.0.2:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"the balancer's own entry is the last", "10.0.0.2:5000", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"of several headers, the last", "127.0.0.1:5000", []string{"1.1.1.1", "198.51.100.9"}, "198.51.100.9"},
		{"garbage is ignored", "10.0.0.2:5000", []string{"not an address"}, "10.0.0.2"},
		{"loopback without a header", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"IPv6", "[2001:db8::1]:443", nil, "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOverTLS(t *testing.T) {
	tests := []struct {
		name, remote, proto string
		want                bool
	}{
		{"plain HTTP", "203.0.113.7:5000", "", false},
		{"a balancer that terminated TLS", "10.0.0.2:5000", "https", true},
		{"a public client cannot claim it", "203.0.113.7:5000", "https", false},
		{"a balancer on plain HTTP", "10.0.0.2:5000", "http", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = tt.remote
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if got := overTLS(r); got != tt.want {
				t.Errorf("overTLS = %v, want %v", got, tt.want)
			}
		})
	}
}
