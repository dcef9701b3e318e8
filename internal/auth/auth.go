// Package auth authenticates requests to /graphql: an API key in the
// Authorization header, or a team member's session cookie guarded by a
// CSRF token and an origin check. It puts the caller into the request's
// context (package viewer); what the caller may then do is package authz's.
package auth

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"importops/ent"
	"importops/internal/apierr"
	"importops/internal/apikey"
	"importops/internal/lastused"
	"importops/internal/ratelimit"
	"importops/internal/session"
)

// Cookie and header names, fixed by the contract.
const (
	SessionCookie = "importops_session"
	CSRFCookie    = "importops_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// Authenticator is the authentication middleware and the sign-in logic.
type Authenticator struct {
	client   *ent.Client
	keys     *apikey.Service
	sessions *session.Store
	lastUsed *lastused.Recorder
	origins  *Origins
	log      *slog.Logger
	now      func() time.Time

	// Guessing is slowed per client address: failed sign-ins, and requests
	// with invalid API keys.
	signInFailures *ratelimit.Limiter
	keyFailures    *ratelimit.Limiter
}

// New returns an Authenticator.
func New(client *ent.Client, keys *apikey.Service, sessions *session.Store,
	lastUsed *lastused.Recorder, origins *Origins, log *slog.Logger) *Authenticator {
	return &Authenticator{client: client, keys: keys, sessions: sessions,
		lastUsed: lastUsed, origins: origins, log: log, now: time.Now,
		signInFailures: ratelimit.New(10, 15*time.Minute),
		keyFailures:    ratelimit.New(30, time.Minute),
	}
}

// exchange is the request and response as the resolvers of signIn and
// signOut need them, to read and set cookies.
type exchange struct {
	w          http.ResponseWriter
	r          *http.Request
	csrfFailed bool
	// sessionID is the live session the request's cookie names, whether or
	// not its CSRF token came too (signing in again ends it).
	sessionID int
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// behindProxy reports whether r came through a load balancer we trust: a
// peer on a loopback or private network. A client on the internet cannot
// pose as one, so the headers such a balancer adds can be believed.
func behindProxy(r *http.Request) bool {
	ip := net.ParseIP(peer(r))
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate())
}

func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientAddr is the address failures are counted against. Behind a load
// balancer every peer is the balancer, so there the last X-Forwarded-For
// entry (the one the balancer itself added) names the client instead.
func clientAddr(r *http.Request) string {
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 && behindProxy(r) {
		hops := strings.Split(xff[len(xff)-1], ",")
		if last := strings.TrimSpace(hops[len(hops)-1]); net.ParseIP(last) != nil {
			return last
		}
	}
	return peer(r)
}

// overTLS reports whether the browser reached us over HTTPS: directly, or
// through a balancer that terminated TLS and says so (X-Forwarded-Proto).
// Cookies are then Secure, and the page's own origin is https.
func overTLS(r *http.Request) bool {
	return r.TLS != nil || (behindProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https")
}

// tooMany is the answer to an address that has failed too often.
func tooMany(wait time.Duration, what string) *apierr.Error {
	secs := apierr.RetryAfterSeconds(wait)
	return &apierr.Error{Code: apierr.RateLimited, RetryAfter: wait,
		Message: fmt.Sprintf("Too many %s from this address: try again in %d seconds", what, secs)}
}

// CSRFFailed reports whether the request carried a live session cookie
// without the matching CSRF token. Such a request runs as signed out, and
// authz refuses every operation but signIn.
func CSRFFailed(ctx context.Context) bool {
	x := exchangeFrom(ctx)
	return x != nil && x.csrfFailed
}
