package apikey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"

	"importops/ent"
	"importops/internal/apierr"
	"importops/internal/audit"
	"importops/internal/clientip"
)

// MaxAllowedIPs is how many networks a key may be limited to: enough for
// a few offices and data centres; a longer list is a sign that the key is
// shared too widely, and would slow every request it makes.
const MaxAllowedIPs = 20

// NormalizeCIDRs checks the networks a key may be used from and returns
// them as stored: masked (10.1.2.3/8 is 10.0.0.0/8), a bare address as a
// network of one (/32 or /128), IPv4-mapped IPv6 as IPv4 (clients' mapped
// addresses are unmapped before they are checked), sorted and without
// repeats. Empty means any address.
func NormalizeCIDRs(in []string) ([]string, error) {
	prefixes := make([]netip.Prefix, 0, len(in))
	for _, s := range in {
		p, err := parseCIDR(strings.TrimSpace(s))
		if err != nil {
			return nil, apierr.Input("cidrs", err.Error())
		}
		prefixes = append(prefixes, p)
	}
	slices.SortFunc(prefixes, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	prefixes = slices.Compact(prefixes)
	if len(prefixes) > MaxAllowedIPs {
		return nil, apierr.Input("cidrs", fmt.Sprintf(
			"A key can be limited to at most %d networks (got %d): use wider CIDRs, such as a /24 for neighbouring addresses", MaxAllowedIPs, len(prefixes)))
	}
	out := make([]string, len(prefixes))
	for i, p := range prefixes {
		out[i] = p.String()
	}
	return out, nil
}

// parseCIDR reads one network, explaining a refusal in words.
func parseCIDR(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, errors.New("An empty entry is not an address or network: remove it")
	}
	addrText, _, hasBits := strings.Cut(s, "/")
	addr, err := netip.ParseAddr(addrText)
	if err != nil || addr.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%s is not an IPv4 or IPv6 address or CIDR, such as 203.0.113.0/24 or 2001:db8::/48", quote(s))
	}
	if !hasBits {
		addr = addr.Unmap()
		return netip.PrefixFrom(addr, addr.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%s is not a valid CIDR: the length after the slash must be a number from 0 to %d for an %s address",
			quote(s), addr.BitLen(), family(addr))
	}
	if addr.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(addr.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

func family(a netip.Addr) string {
	if a.Is4() {
		return "IPv4"
	}
	return "IPv6"
}

// quote shows an entry in a message: quoted, escaped, and cut short if
// long, so that a refusal never echoes a page of input back.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// SetAllowedIPs limits key id to the networks cidrs (none: any address),
// and records api_key.allowed_ips_changed. Setting the networks a key
// already has changes nothing and records nothing. Revoked and expired
// keys may be changed too: it is harmless, and keeps what the list shows
// true. A key the context cannot see is NOT_FOUND.
func (s *Service) SetAllowedIPs(ctx context.Context, rawID string, cidrs []string, actor audit.Actor) (*ent.APIKey, error) {
	id, err := parseID(rawID)
	if err != nil {
		return nil, err
	}
	allowed, err := NormalizeCIDRs(cidrs)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, id, rawID, audit.KeyAllowedIPsChanged, actor, true, func(key *ent.APIKey, u *ent.APIKeyUpdateOne) bool {
		if slices.Equal(key.AllowedIps, allowed) {
			return false
		}
		u.SetAllowedIps(allowed)
		return true
	})
}

// addressError is the refusal of a key used from outside its networks
// (FORBIDDEN); Outcome tells it apart by its type, as its message names
// the address.
type addressError struct{ err *apierr.Error }

func (e *addressError) Error() string { return e.err.Message }
func (e *addressError) Unwrap() error { return e.err }

// parseNetworks reads the networks a key may be used from, the JSON array
// as stored, once per read of the key (the parsed list is kept in memory,
// internal/keycache). An entry that does not parse stays as the zero
// Prefix, which contains no address: a damaged list limits the key to
// nowhere rather than to everywhere.
func parseNetworks(allowed []byte) ([]netip.Prefix, error) {
	if len(allowed) <= 2 { // "[]" or NULL
		return nil, nil
	}
	var cidrs []string
	if err := json.Unmarshal(allowed, &cidrs); err != nil {
		return nil, err
	}
	out := make([]netip.Prefix, len(cidrs))
	for i, s := range cidrs {
		out[i], _ = netip.ParsePrefix(s)
	}
	return out, nil
}

// checkAddress refuses a request whose client (resolved by auth, through
// the trusted proxies) is outside every network in allowed; none means
// any address. A client whose address could not be read is outside every
// network.
func checkAddress(ctx context.Context, allowed []netip.Prefix) error {
	if len(allowed) == 0 {
		return nil
	}
	c, _ := clientip.FromContext(ctx)
	where := "an unknown address"
	if c.Addr.IsValid() {
		for _, p := range allowed {
			if p.Contains(c.Addr) {
				return nil
			}
		}
		where = c.Addr.String()
	}
	return &addressError{err: apierr.Newf(apierr.Forbidden,
		"This API key is not allowed from %s: it is limited to other networks, which an admin of its organisation can change", where)}
}
