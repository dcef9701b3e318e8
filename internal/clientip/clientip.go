// Package clientip says who sent a request: the client's address, the key
// that limits count it under, and whether it reached us over HTTPS.
//
// The client is the TCP peer, unless the peer is one of the trusted proxies
// (serve --trusted-proxy). Then X-Forwarded-For is read from the right,
// past the entries of trusted proxies, and the first other entry is the
// client: everything to its left was written by the client or by proxies
// we do not know, and could say anything. Without trusted proxies the
// header is never read, so no client can pick its own address.
package clientip

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
)

// Client is what is known of the sender of a request.
type Client struct {
	// Addr is the client's address (IPv4-mapped IPv6 addresses unmapped);
	// invalid only if the peer's address could not be read at all.
	Addr netip.Addr
	// OverTLS is whether the client reached us over HTTPS: directly, or
	// through a trusted proxy that terminated TLS and said so.
	OverTLS bool
}

// Key is the string limits count the client under (see Key).
func (c Client) Key() string { return Key(c.Addr) }

// Resolver finds the client of a request.
type Resolver struct {
	trusted []netip.Prefix
}

// New returns a Resolver believing the proxies in trusted.
func New(trusted []netip.Prefix) *Resolver {
	return &Resolver{trusted: trusted}
}

// Resolve returns r's client.
func (res *Resolver) Resolve(r *http.Request) Client {
	peer := peerAddr(r)
	if !res.isTrusted(peer) {
		return Client{Addr: peer, OverTLS: r.TLS != nil}
	}
	return Client{Addr: res.forwardedFor(r, peer), OverTLS: r.TLS != nil || forwardedHTTPS(r)}
}

// Middleware resolves each request's client once and keeps it in the
// request's context, where FromContext finds it.
func (res *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), res.Resolve(r))))
	})
}

func (res *Resolver) isTrusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range res.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor walks X-Forwarded-For from the right (the entry the nearest
// proxy added) past trusted proxies. An entry that is not an address means
// the chain cannot be read, and the peer is all we know. When every entry
// is a trusted proxy, the leftmost one is the furthest hop, and the client.
func (res *Resolver) forwardedFor(r *http.Request, peer netip.Addr) netip.Addr {
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return peer
		}
		client = a
		if !res.isTrusted(a) {
			break
		}
	}
	return client
}

// parseHop reads one X-Forwarded-For entry: an address, or (as some
// balancers write it) an address with a port.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return clean(a), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return clean(ap.Addr()), true
	}
	return netip.Addr{}, false
}

// forwardedHTTPS reads X-Forwarded-Proto as the nearest proxy set it (the
// last value, if a proxy appended rather than replaced).
func forwardedHTTPS(r *http.Request) bool {
	vs := r.Header.Values("X-Forwarded-Proto")
	if len(vs) == 0 {
		return false
	}
	parts := strings.Split(vs[len(vs)-1], ",")
	return strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "https")
}

func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return clean(ap.Addr())
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return clean(a)
	}
	return netip.Addr{}
}

func clean(a netip.Addr) netip.Addr { return a.Unmap().WithZone("") }

// Key is the string limits count an address under: an IPv4 address as it
// is, an IPv6 address by its /64, the smallest network a site is given
// (anyone holding one has 2^64 addresses to rotate through).
func Key(a netip.Addr) string {
	a = clean(a)
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is4():
		return a.String()
	}
	return netip.PrefixFrom(a, 64).Masked().String()
}

type ctxKey struct{}

// NewContext returns ctx carrying c.
func NewContext(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// FromContext returns the client Middleware (or NewContext) stored.
func FromContext(ctx context.Context) (Client, bool) {
	c, ok := ctx.Value(ctxKey{}).(Client)
	return c, ok
}

// OverTLS reports whether r's client reached us over HTTPS, as resolved
// for r; a request never resolved counts only its own TLS, believing no
// header.
func OverTLS(r *http.Request) bool {
	if c, ok := FromContext(r.Context()); ok {
		return c.OverTLS
	}
	return r.TLS != nil
}
