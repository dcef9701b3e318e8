package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"importops/internal/apierr"
)

// Guard decides where deliveries may go. Addresses are checked when the
// webhook is created (for a clear error) and again at every connection,
// after DNS (a name may later resolve elsewhere: DNS rebinding).
type Guard struct {
	// AllowInsecure allows http:// and any address (serve
	// --allow-insecure-webhooks: development and tests).
	AllowInsecure bool
}

// forbidden are ranges no delivery may reach, besides what
// netip.Addr's own predicates (loopback, private, link-local, …) cover.
var forbidden = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),  // NAT64 of any IPv4 address
}

// refused says why ip may not be reached, or "" if it may.
func refused(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsPrivate():
		return "a private address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "a link-local address"
	case ip.IsUnspecified(), ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "not a unicast address"
	}
	for _, p := range forbidden {
		if p.Contains(ip) {
			return "a reserved address"
		}
	}
	return ""
}

// CheckURL refuses a URL deliveries may not go to, as BAD_USER_INPUT on
// the url field.
func (g Guard) CheckURL(ctx context.Context, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return nil, apierr.Input("url", "The URL must be an absolute https:// URL without a user name, like https://hooks.example.com/importops")
	}
	if len(raw) > 2000 {
		return nil, apierr.Input("url", "The URL must be at most 2000 characters")
	}
	if g.AllowInsecure {
		return u, nil
	}
	if u.Scheme != "https" {
		return nil, apierr.Input("url", "The URL must start with https:// (http:// is only for servers started with --allow-insecure-webhooks)")
	}
	ips, err := resolve(ctx, u.Hostname())
	if err != nil {
		return nil, apierr.Input("url", fmt.Sprintf("The host %q does not resolve: check the URL", u.Hostname()))
	}
	for _, ip := range ips {
		if why := refused(ip); why != "" {
			return nil, apierr.Input("url", fmt.Sprintf("The host %q is %s (%s): webhooks may only reach public addresses", u.Hostname(), why, ip))
		}
	}
	return u, nil
}

func resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// errRefusedAddress is the error of a connection the guard stopped.
var errRefusedAddress = errors.New("address refused")

// Client is the HTTP client deliveries use: no proxy from the
// environment, no redirects followed (a redirect is an answer, and not a
// 2xx one), every connection's address checked after DNS, and timeout
// for the whole attempt.
func (g Guard) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !g.AllowInsecure {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", errRefusedAddress, address)
			}
			if why := refused(ap.Addr()); why != "" {
				return fmt.Errorf("%w: %s is %s", errRefusedAddress, ap.Addr(), why)
			}
			return nil
		}
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       time.Minute,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
