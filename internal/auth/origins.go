package auth

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"importops/internal/clientip"
)

// Origins are the web origins trusted with cookie-authenticated requests:
// the server's own, and those given with --cors-origin.
type Origins struct {
	trusted []string
}

// NewOrigins returns the trusted set, of origins checked by ParseOrigin.
func NewOrigins(trusted []string) *Origins {
	return &Origins{trusted: trusted}
}

// ParseOrigin checks that s is a web origin, "scheme://host[:port]" with
// nothing after it, and returns it in the form browsers send in the Origin
// header (lower case, no trailing slash), so that it compares equal.
func ParseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q is not an origin like https://app.importops.example", s)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// List returns the configured origins (for CORS).
func (o *Origins) List() []string { return slices.Clone(o.trusted) }

// Allowed reports whether r may come from where the browser says it comes
// from. Browsers send Origin on cross-origin and on POST requests, and
// Sec-Fetch-Site on all requests; programs such as curl send neither and
// are allowed, as they carry no ambient cookies of a victim.
//
// http.CrossOriginProtection does much the same, but only for unsafe
// methods; the contract refuses cross-origin GETs with a cookie too.
func (o *Origins) Allowed(r *http.Request) bool {
	if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
		return slices.Contains(o.trusted, origin) || sameOrigin(r, origin)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

func sameOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	scheme := "http"
	if clientip.OverTLS(r) {
		scheme = "https"
	}
	return u.Scheme == scheme && u.Host == r.Host
}
