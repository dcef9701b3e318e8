package clientip

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func request(remote string, xff ...string) *http.Request {
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.RemoteAddr = remote
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	return r
}

func TestResolveAddr(t *testing.T) {
	balancers := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		xff     []string
		want    string
	}{
		{"direct client", nil, "203.0.113.7:5000", nil, "203.0.113.7"},
		{"no trusted proxies: the header is never read", nil, "127.0.0.1:5000", []string{"198.51.100.1"}, "127.0.0.1"},
		{"a private peer is not trusted for being private", nil, "10.0.0.2:5000", []string{"198.51.100.1"}, "10.0.0.2"},
		{"an untrusted peer cannot name another client", balancers, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"behind a trusted balancer", balancers, "10.0.0.2:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"the rightmost untrusted entry, not a spoofed one left of it", balancers, "10.0.0.2:5000", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"trusted hops on the right are skipped", balancers, "10.0.0.2:5000", []string{"1.1.1.1, 198.51.100.1, 10.0.0.9"}, "198.51.100.1"},
		{"several headers read as one list", balancers, "10.0.0.2:5000", []string{"1.1.1.1", "198.51.100.9", "10.0.0.3"}, "198.51.100.9"},
		{"garbage means the peer", balancers, "10.0.0.2:5000", []string{"not an address"}, "10.0.0.2"},
		{"garbage on the right means the peer", balancers, "10.0.0.2:5000", []string{"198.51.100.1, unknown"}, "10.0.0.2"},
		{"garbage left of the client is never read", balancers, "10.0.0.2:5000", []string{"unknown, 198.51.100.1"}, "198.51.100.1"},
		{"an entry with a port", balancers, "10.0.0.2:5000", []string{"198.51.100.1:4711"}, "198.51.100.1"},
		{"every hop trusted: the leftmost", balancers, "10.0.0.2:5000", []string{"10.0.0.7, 10.0.0.8"}, "10.0.0.7"},
		{"trusted peer without a header", balancers, "10.0.0.2:5000", nil, "10.0.0.2"},
		{"IPv6 peer", nil, "[2001:db8::1]:443", nil, "2001:db8::1"},
		{"IPv4-mapped peer", nil, "[::ffff:203.0.113.7]:443", nil, "203.0.113.7"},
		{"IPv6 balancer, IPv6 client", balancers, "[2001:db8:ffff::1]:443", []string{"2001:db8:1:2::3"}, "2001:db8:1:2::3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := New(tt.trusted).Resolve(request(tt.remote, tt.xff...)).Addr
			if got.String() != tt.want {
				t.Errorf("client = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOverTLS(t *testing.T) {
	balancers := []netip.Prefix{netip.MustParsePrefix("10.0.0.2/32")}
	tests := []struct {
		name, remote string
		proto        []string
		tls          bool
		want         bool
	}{
		{"plain HTTP", "203.0.113.7:5000", nil, false, false},
		{"TLS directly", "203.0.113.7:5000", nil, true, true},
		{"a trusted balancer that terminated TLS", "10.0.0.2:5000", []string{"https"}, false, true},
		{"a client cannot claim it", "203.0.113.7:5000", []string{"https"}, false, false},
		{"nor can a private peer that is not trusted", "10.0.0.3:5000", []string{"https"}, false, false},
		{"a trusted balancer on plain HTTP", "10.0.0.2:5000", []string{"http"}, false, false},
		{"the balancer's appended value counts", "10.0.0.2:5000", []string{"https, http"}, false, false},
		{"its last header counts", "10.0.0.2:5000", []string{"http", "HTTPS"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(tt.remote)
			for _, p := range tt.proto {
				r.Header.Add("X-Forwarded-Proto", p)
			}
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if got := New(balancers).Resolve(r).OverTLS; got != tt.want {
				t.Errorf("OverTLS = %v, want %v", got, tt.want)
			}
			// Unresolved, only the connection itself counts.
			if got := OverTLS(r); got != tt.tls {
				t.Errorf("OverTLS of an unresolved request = %v, want %v", got, tt.tls)
			}
			resolved := r.WithContext(NewContext(r.Context(), New(balancers).Resolve(r)))
			if got := OverTLS(resolved); got != tt.want {
				t.Errorf("OverTLS of the resolved request = %v, want %v", got, tt.want)
			}
		})
	}
}

// IPv6 addresses are limited per /64: every address of one /64 shares a
// key, and the next /64 has its own.
func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":                      "203.0.113.7",
		"::ffff:203.0.113.7":               "203.0.113.7",
		"2001:db8:1:2::1":                  "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:ffff:ffff": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":                  "2001:db8:1:3::/64",
		"fe80::1%eth0":                     "fe80::/64",
		"::1":                              "::/64",
	} {
		if got := Key(netip.MustParseAddr(in)); got != want {
			t.Errorf("Key(%s) = %s, want %s", in, got, want)
		}
	}
	if got := Key(netip.Addr{}); got != "unknown" {
		t.Errorf("Key of no address = %q", got)
	}
}

func TestMiddlewareKeepsTheClient(t *testing.T) {
	var got Client
	var ok bool
	h := New([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}).Middleware(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, ok = FromContext(r.Context()) }))
	h.ServeHTTP(httptest.NewRecorder(), request("127.0.0.1:1234", "2001:db8::7"))
	if !ok || got.Addr != netip.MustParseAddr("2001:db8::7") || got.Key() != "2001:db8::/64" {
		t.Fatalf("FromContext = %+v, %v", got, ok)
	}
}
