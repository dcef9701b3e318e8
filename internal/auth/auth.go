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
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// clientAddr is the address failures are counted against. Behind a load
// balancer every peer is the balancer, so when the peer is on a loopback or
// private network the last X-Forwarded-For entry (the one the balancer
// itself added) names the client instead. A client on the internet cannot
// forge it: its own header would come from a public peer and be ignored.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLoopback() || ip.IsPrivate()) {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}

// tooMany is the answer to an address that has failed too often.
func tooMany(wait time.Duration, what string) *apierr.Error {
	secs := int(wait.Seconds() + 0.999)
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
