package main

import (
	"fmt"
	"net/netip"
	"strings"

	"importops/internal/auth"
)

// network is what serve's flags say about the network around the server.
type network struct {
	proxies   []netip.Prefix
	publicURL string // an origin, as auth.ParseOrigin returns it; "" if unset
}

// serveNetwork checks --trusted-proxy, --public-url and --key-rate-limit.
func serveNetwork(proxies []string, publicURL string, keyRate int) (network, error) {
	var n network
	for _, p := range proxies {
		prefix, err := parsePrefix(p)
		if err != nil {
			return n, fmt.Errorf("serve: --trusted-proxy %q is not an address or CIDR like 10.0.0.0/8 or 2001:db8::/32", p)
		}
		n.proxies = append(n.proxies, prefix)
	}
	if publicURL != "" {
		origin, err := auth.ParseOrigin(publicURL)
		if err != nil {
			return n, fmt.Errorf("serve: --public-url %w", err)
		}
		n.publicURL = origin
	}
	if keyRate < 0 {
		return n, fmt.Errorf("serve: --key-rate-limit must be 0 (no limit) or a number of requests per second, not %d", keyRate)
	}
	return n, nil
}

// parsePrefix accepts a CIDR, or a bare address as the prefix of itself
// alone.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
