package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"importops/ent"
	"importops/ent/user"
	"importops/internal/apierr"
	"importops/internal/apikey"
	"importops/internal/clientip"
	"importops/internal/reqlog"
	"importops/internal/session"
	"importops/internal/usage"
	"importops/internal/viewer"
)

// hsts tells browsers to use HTTPS only for a year. Sent only on answers
// the browser received over HTTPS (browsers ignore it over HTTP anyway),
// without includeSubDomains: the server does not speak for its domain's
// other hosts.
const hsts = "max-age=31536000"

// Middleware authenticates every request it wraps. A bearer header wins
// over a cookie. Requests it refuses never reach GraphQL. It resolves the
// client's address once (clientip.FromContext finds it later).
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := clientip.FromContext(r.Context())
		if !ok {
			c = a.clients.Resolve(r)
		}
		if c.OverTLS {
			w.Header().Set("Strict-Transport-Security", hsts)
		}
		x := &exchange{w: w, r: r}
		ctx := context.WithValue(clientip.NewContext(r.Context(), c), exchangeKey{}, x)
		r = r.WithContext(ctx)
		x.r = r
		v, err := a.authenticate(r, x)
		if err != nil {
			if v != nil && v.IsKey() {
				a.lastUsed.Usage.Count(v, a.now(), true)
			}
			a.refuse(w, r, err)
			return
		}
		if v == nil || !v.IsKey() {
			if v != nil {
				ctx = viewer.NewContext(ctx, v)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		// Counted once answered: a refusal further on (rate limit, scope)
		// makes it a refused request rather than a served one.
		at := a.now()
		ctx, req := usage.Track(viewer.NewContext(ctx, v))
		next.ServeHTTP(w, r.WithContext(ctx))
		a.lastUsed.Usage.Count(v, at, req.Refused())
	})
}

func (a *Authenticator) authenticate(r *http.Request, x *exchange) (*viewer.Viewer, error) {
	if inURL(r) {
		return nil, apierr.New(apierr.Unauthenticated,
			"API keys are accepted only in the Authorization header, never in the URL, where logs and browser history keep them")
	}
	// With two headers, proxies and servers disagree on which one counts:
	// refuse rather than pick one.
	if n := len(r.Header.Values("Authorization")); n > 1 {
		return nil, apierr.Newf(apierr.Unauthenticated,
			"The request has %d Authorization headers: send exactly one, \"Authorization: Bearer <API key>\"", n)
	}
	if h := r.Header.Get("Authorization"); h != "" {
		return a.bearer(r, h)
	}
	if !a.hosts.allowed(r) {
		return nil, a.hosts.refusal(r)
	}
	if !a.origins.Allowed(r) && !a.ownOrigin(r) {
		return nil, apierr.New(apierr.CSRF,
			"Requests without an API key are accepted only from ImportOps' own pages, not from this origin")
	}
	return a.cookie(r, x)
}

// bearer authenticates an API key. A refusal of a real key (revoked,
// expired, plan…) returns the key's viewer with the error, and Middleware
// counts the refusal for the key. Invalid keys are counted against the
// client's address, and an address past its allowance is answered 429 —
// but every key is still checked first, and a valid one is served: a
// forgotten job sending a revoked key must not lock out the valid keys of
// the host it shares. Checking costs a malformed or mistyped token
// nothing (its checksum fails without the database) and a well-formed one
// a single probe of a unique index (unknown tokens are never kept in
// memory, valid keys are: internal/keycache); a valid token cannot be
// guessed (38 random characters).
func (a *Authenticator) bearer(r *http.Request, header string) (*viewer.Viewer, error) {
	addr := client(r).Key()
	scheme, tok, _ := strings.Cut(header, " ")
	tok = strings.TrimSpace(tok)
	var v *viewer.Viewer
	var err error
	entry := reqlog.FromContext(r.Context())
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		err = apierr.New(apierr.Unauthenticated, `API key missing: send the header "Authorization: Bearer <API key>"`)
		entry.KeyOutcome = "malformed"
	} else {
		v, err = a.keys.Authenticate(r.Context(), tok)
		entry.KeyOutcome = apikey.Outcome(err)
	}
	if e, ok := apierr.As(err); ok && e.Code == apierr.Unauthenticated {
		wait := a.keyFailures.Wait(addr)
		a.keyFailures.Fail(addr) // also while refused: the address stays the most recent
		if wait > 0 {
			entry.SetLimit("invalid_keys")
			return v, tooMany(wait, "requests with invalid API keys from this address")
		}
	}
	if err != nil {
		return v, err
	}
	entry.KeyPrefix = v.KeyPrefix
	ip := ""
	if c := client(r); c.Addr.IsValid() {
		ip = c.Addr.String()
	}
	a.lastUsed.Touch(v.KeyID, a.now(), ip, usage.UserAgent(r.UserAgent()))
	return v, nil
}

func (a *Authenticator) cookie(r *http.Request, x *exchange) (*viewer.Viewer, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := a.sessions.Find(r.Context(), c.Value)
	if errors.Is(err, session.ErrInvalid) {
		clearCookies(x)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	x.sessionID = sess.ID
	// The page of a --cors-origin on another host cannot read this API's
	// csrf cookie; it reads the token here instead (CORS exposes it to the
	// trusted origins only, and other origins were refused above).
	x.w.Header().Set(CSRFHeader, session.CSRFToken(c.Value))
	if !csrfMatches(r, c.Value) {
		x.csrfFailed = true
		return nil, nil
	}
	return memberViewer(sess.Edges.User, sess.ID), nil
}

// memberViewer is the viewer of a team member's session; nil for staff, who
// do not sign in here.
func memberViewer(u *ent.User, sessionID int) *viewer.Viewer {
	if u.OrganizationID == nil {
		return nil
	}
	return &viewer.Viewer{
		OrgID:     *u.OrganizationID,
		UserID:    u.ID,
		UserName:  u.Name,
		Admin:     u.Role != nil && *u.Role == user.RoleADMIN,
		SessionID: sessionID,
	}
}

// csrfMatches checks the double-submitted token: the header must equal the
// cookie, and both must be the token derived from this very session.
func csrfMatches(r *http.Request, secret string) bool {
	header := r.Header.Get(CSRFHeader)
	c, err := r.Cookie(CSRFCookie)
	if header == "" || err != nil {
		return false
	}
	want := session.CSRFToken(secret)
	return subtle.ConstantTimeCompare([]byte(header), []byte(c.Value)) == 1 &&
		subtle.ConstantTimeCompare([]byte(header), []byte(want)) == 1
}

// inURL reports whether a credential was put in the query string.
func inURL(r *http.Request) bool {
	q := r.URL.Query()
	return q.Has("api_key") || q.Has("apiKey") || q.Has("access_token") || q.Has("token")
}

func (a *Authenticator) refuse(w http.ResponseWriter, r *http.Request, err error) {
	id := reqlog.FromContext(r.Context()).ID
	e, internal := apierr.Public(err, id)
	if internal {
		a.log.Error("authenticating a request", "err", err, "request_id", id)
	}
	reqlog.WriteError(w, r, e)
}
