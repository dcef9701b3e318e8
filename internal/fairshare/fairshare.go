// Package fairshare keeps one organisation's requests from taking what all
// organisations share, the database pool's connections above all: at most
// PerOrg requests of one organisation, and PerCaller of one caller (an API
// key, or a team member's session), run at once. A request beyond that
// waits its turn, up to Wait, and is then refused with 429 RATE_LIMITED
// and Retry-After, as is one that finds too many already waiting. So a
// slow or heavy organisation waits behind itself, never in front of the
// others.
//
// The counts are per replica: each replica's pool is its own.
package fairshare

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"importops/internal/apierr"
	"importops/internal/reqlog"
	"importops/internal/viewer"
)

// Limits are how much one organisation and one caller may run at once.
type Limits struct {
	PerOrg    int
	PerCaller int
	// Wait is how long a request waits for a turn before it is refused.
	Wait time.Duration
	// Queue is how many requests may wait for each organisation or caller;
	// more are refused at once, so a flood holds no more goroutines.
	Queue int
}

// Limiter counts the requests running per organisation and per caller.
type Limiter struct {
	limits Limits

	mu    sync.Mutex
	slots map[string]*slots // by "org:ID", "key:ID" or "user:ID"; only while in use
}

// New returns a limiter with limits.
func New(limits *Limits) *Limiter {
	return &Limiter{limits: *limits, slots: map[string]*slots{}}
}

// slots is one organisation's or caller's semaphore.
type slots struct {
	running chan struct{} // one token per running request
	users   int           // requests running or waiting, under Limiter.mu
}

// Middleware runs next within the viewer's share; requests without a
// viewer (signing in, public queries) pass. It goes after authentication.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewer.FromContext(r.Context())
		if v == nil || v.OrgID == 0 {
			next.ServeHTTP(w, r)
			return
		}
		release, err := l.Acquire(r.Context(), v)
		if err != nil {
			reqlog.FromContext(r.Context()).SetLimit("fair_share")
			reqlog.WriteError(w, r, err)
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
}

// Acquire waits for a turn of v's caller, then of v's organisation, and
// returns the function that gives both back. The caller's comes first so
// that one busy key waits on its own, not in the organisation's queue.
func (l *Limiter) Acquire(ctx context.Context, v *viewer.Viewer) (release func(), err *apierr.Error) {
	callerKey, who := "user:"+strconv.Itoa(v.UserID), "You already have"
	if v.IsKey() {
		callerKey, who = "key:"+strconv.Itoa(v.KeyID), "This API key already has"
	}
	deadline := time.Now().Add(l.limits.Wait)
	releaseCaller, err := l.acquire(ctx, callerKey, l.limits.PerCaller, deadline, who)
	if err != nil {
		return nil, err
	}
	releaseOrg, err := l.acquire(ctx, "org:"+strconv.Itoa(v.OrgID), l.limits.PerOrg, deadline,
		"Your organisation already has")
	if err != nil {
		releaseCaller()
		return nil, err
	}
	return func() { releaseOrg(); releaseCaller() }, nil
}

func (l *Limiter) acquire(ctx context.Context, key string, limit int, deadline time.Time, who string) (func(), *apierr.Error) {
	s, ok := l.join(key, limit)
	if !ok {
		return nil, l.busy(who, limit)
	}
	release := func() {
		<-s.running
		l.leave(key, s)
	}
	select {
	case s.running <- struct{}{}:
		return release, nil
	default:
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case s.running <- struct{}{}:
		return release, nil
	case <-timer.C:
	case <-ctx.Done():
	}
	l.leave(key, s)
	return nil, l.busy(who, limit)
}

// join counts a request in key's slots, unless too many already wait.
func (l *Limiter) join(key string, limit int) (*slots, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.slots[key]
	if s == nil {
		s = &slots{running: make(chan struct{}, limit)}
		l.slots[key] = s
	}
	if s.users-limit >= l.limits.Queue {
		return nil, false
	}
	s.users++
	return s, true
}

// leave uncounts a request, forgetting slots nobody uses: the map holds
// only organisations and callers with requests in flight.
func (l *Limiter) leave(key string, s *slots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.users--
	if s.users == 0 {
		delete(l.slots, key)
	}
}

func (l *Limiter) busy(who string, limit int) *apierr.Error {
	e := apierr.Newf(apierr.RateLimited,
		"%s %d requests running: wait for them to finish before sending more", who, limit)
	e.RetryAfter = time.Second
	return e
}
