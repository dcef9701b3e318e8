// Package auth authenticates requests to /graphql: an API key in the
// Authorization header, or a team member's session cookie guarded by a
// CSRF token and an origin check. It puts the caller into the request's
// context (package viewer); what the caller may then do is package authz's.
package auth

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"importops/ent"
	"importops/internal/apikey"
	"importops/internal/lastused"
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
}

// New returns an Authenticator.
func New(client *ent.Client, keys *apikey.Service, sessions *session.Store,
	lastUsed *lastused.Recorder, origins *Origins, log *slog.Logger) *Authenticator {
	return &Authenticator{client: client, keys: keys, sessions: sessions,
		lastUsed: lastUsed, origins: origins, log: log, now: time.Now}
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

// CSRFFailed reports whether the request carried a live session cookie
// without the matching CSRF token. Such a request runs as signed out, and
// authz refuses every operation but signIn.
func CSRFFailed(ctx context.Context) bool {
	x := exchangeFrom(ctx)
	return x != nil && x.csrfFailed
}
