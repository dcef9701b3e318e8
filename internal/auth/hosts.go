package auth

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"importops/internal/apierr"
)

// hosts are the host names this server answers to with cookies and
// sign-in: the address it was reached at (the listen address of the
// connection), the loopback names when that address is loopback, and the
// host of --public-url.
//
// This stops DNS rebinding: a page at rebind.attacker.example whose name
// the attacker points at 127.0.0.1 is same-origin with itself, so the
// Origin check alone lets it sign in to a server on this machine and read
// the answers. Its requests carry its own name in Host, which is none of
// ours. Only host names are compared, not ports: a port forwarded by
// Docker or an SSH tunnel changes the port but not who the page is.
type hosts struct {
	public string // the host name of --public-url, lower case; "" if none
}

func newHosts(publicURL string) hosts {
	u, err := url.Parse(publicURL)
	if err != nil || publicURL == "" {
		return hosts{}
	}
	return hosts{public: strings.ToLower(u.Hostname())}
}

// loopbackNames are accepted on a loopback listener.
var loopbackNames = []string{"localhost", "127.0.0.1", "[::1]"}

// allowed reports whether r's Host is one of ours.
func (h hosts) allowed(r *http.Request) bool {
	name := hostName(r.Host)
	if name == "" {
		return false
	}
	if name == h.public {
		return true
	}
	local := localAddr(r)
	if !local.IsValid() {
		return false
	}
	if a, err := netip.ParseAddr(name); err == nil {
		a = a.Unmap()
		return a == local || (local.IsLoopback() && a.IsLoopback())
	}
	return local.IsLoopback() && name == "localhost"
}

// refusal is the answer to a Host that is not ours, naming those that are.
func (h hosts) refusal(r *http.Request) *apierr.Error {
	var names []string
	if local := localAddr(r); local.IsValid() {
		if local.IsLoopback() {
			names = append(names, loopbackNames...)
		} else {
			names = append(names, hostForm(local))
		}
	}
	if h.public != "" {
		names = append(names, h.public)
	}
	got := r.Host
	if len(got) > 80 {
		got = got[:80] + "…"
	}
	if len(names) == 0 {
		// No listener's address (a handler called directly) and no
		// --public-url: there is no name to suggest but that flag.
		return apierr.Newf(apierr.Forbidden,
			"Sign-in and requests without an API key are not answered at the host %q: "+
				"start the server with --public-url naming the address people use", got)
	}
	return apierr.Newf(apierr.Forbidden,
		"Sign-in and requests without an API key are answered only at %s, not at the host %q: "+
			"open this server by one of those names, or, if people reach it by another name (behind a load balancer, say), "+
			"start it with --public-url naming that address",
		strings.Join(names, ", "), got)
}

// hostName is the host part of a Host header, lower case, without port
// or IPv6 brackets.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(host)
}

// localAddr is the address of our end of r's connection, invalid when r
// did not come over a connection (handlers called directly).
func localAddr(r *http.Request) netip.Addr {
	la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return netip.Addr{}
	}
	ap, err := netip.ParseAddrPort(la.String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap().WithZone("")
}

func hostForm(a netip.Addr) string {
	if a.Is6() {
		return "[" + a.String() + "]"
	}
	return a.String()
}

// ownOrigin reports whether r's Origin is the --public-url itself: the
// server's own pages, whatever scheme the balancer in front of it forwards.
func (a *Authenticator) ownOrigin(r *http.Request) bool {
	return a.publicURL != "" && r.Header.Get("Origin") == a.publicURL
}
