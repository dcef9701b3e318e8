// Package auth authenticates requests to /graphql: an API key in the
// Authorization header, or a team member's session cookie guarded by a
// CSRF token and an origin check. It puts the caller into the request's
// context (package viewer); what the caller may then do is package authz's.
package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"importops/ent"
	"importops/internal/apierr"
	"importops/internal/apikey"
	"importops/internal/clientip"
	"importops/internal/failures"
	"importops/internal/lastused"
	"importops/internal/session"
)

// Cookie and header names, fixed by the contract.
const (
	SessionCookie = "importops_session"
	CSRFCookie    = "importops_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// Allowances for failures, each in a fixed window from the first failure.
// A failed sign-in counts against the account and against the address; an
// address has ten times an account's allowance, so that one person's typos
// never lock the colleagues behind the same office address out, while
// guessing one account is slowed however many addresses it comes from.
const (
	keyFailuresPerAddress    = 30
	keyFailureWindow         = time.Minute
	signInFailuresPerAccount = 10
	signInFailuresPerAddress = 100
	signInFailureWindow      = 15 * time.Minute
)

// Network is what authentication needs to know of the network around the
// server: the load balancers whose X-Forwarded-* headers are believed
// (serve --trusted-proxy), and the origin people reach the server at
// (serve --public-url, "" if none), whose host is one of its own.
type Network struct {
	TrustedProxies []netip.Prefix
	PublicURL      string
}

// Authenticator is the authentication middleware and the sign-in logic.
type Authenticator struct {
	client    *ent.Client
	keys      *apikey.Service
	sessions  *session.Store
	lastUsed  *lastused.Recorder
	origins   *Origins
	clients   *clientip.Resolver
	hosts     hosts
	publicURL string
	log       *slog.Logger
	now       func() time.Time

	// Guessing is slowed by counting failures: invalid API keys per client
	// address; failed sign-ins per account and per address.
	keyFailures     *failures.Limiter
	accountFailures *failures.Limiter
	addressFailures *failures.Limiter
}

// New returns an Authenticator.
func New(client *ent.Client, keys *apikey.Service, sessions *session.Store,
	lastUsed *lastused.Recorder, origins *Origins, log *slog.Logger, network Network) *Authenticator {
	return &Authenticator{client: client, keys: keys, sessions: sessions,
		lastUsed: lastUsed, origins: origins, log: log, now: time.Now,
		clients:         clientip.New(network.TrustedProxies),
		hosts:           newHosts(network.PublicURL),
		publicURL:       network.PublicURL,
		keyFailures:     failures.New(keyFailuresPerAddress, keyFailureWindow),
		accountFailures: failures.New(signInFailuresPerAccount, signInFailureWindow),
		addressFailures: failures.New(signInFailuresPerAddress, signInFailureWindow),
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

// client is the sender of r, as the middleware resolved it.
func client(r *http.Request) clientip.Client {
	c, _ := clientip.FromContext(r.Context())
	return c
}

// accountKey is what failed sign-ins of an email count against: a digest
// of the normalized email, so that every key has the same small size
// whatever an attacker sends, and the limiter holds no addresses.
func accountKey(normalizedEmail string) string {
	sum := sha256.Sum256([]byte(normalizedEmail))
	return hex.EncodeToString(sum[:16])
}

// tooMany is the answer to a key that has failed too often.
func tooMany(wait time.Duration, what string) *apierr.Error {
	secs := apierr.RetryAfterSeconds(wait)
	return &apierr.Error{Code: apierr.RateLimited, RetryAfter: wait,
		Message: fmt.Sprintf("Too many %s: try again in %d seconds", what, secs)}
}

// CSRFFailed reports whether the request carried a live session cookie
// without the matching CSRF token. Such a request runs as signed out, and
// authz refuses every operation but signIn.
func CSRFFailed(ctx context.Context) bool {
	x := exchangeFrom(ctx)
	return x != nil && x.csrfFailed
}
