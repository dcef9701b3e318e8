package keyrate

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"importops/internal/apierr"
	"importops/internal/reqlog"
	"importops/internal/usage"
	"importops/internal/viewer"
)

// Counter tells how many replicas share each key's limit
// (*replicas.Registry).
type Counter interface{ Live() int }

// Policy is the limit one server process enforces on every key.
type Policy struct {
	// PerSecond is each key's limit across all replicas (serve
	// --key-rate-limit); bursts may reach twice that. 0 turns it off.
	PerSecond int
	// Replicas counts the processes sharing the limit; nil means this
	// process alone.
	Replicas Counter
}

// share is this process's part of a key's limit: the rate and burst
// divided by the live replicas, so that with requests spread evenly the
// replicas together allow the key about PerSecond (bursts of twice that).
func (p Policy) share() (rate, burst float64) {
	n := 1
	if p.Replicas != nil {
		n = max(1, p.Replicas.Live())
	}
	rate = float64(p.PerSecond) / float64(n)
	return rate, 2 * rate
}

// Middleware limits requests authenticated by an API key (the viewer must
// already be in the context) and tells the key where it stands on every
// response: RateLimit-Limit (this server's burst for the key),
// RateLimit-Remaining (whole requests left now) and RateLimit-Reset
// (seconds until the allowance is whole again). Beyond it the answer is
// 429 RATE_LIMITED with Retry-After. Sessions and anonymous requests pass
// untouched.
func Middleware(l *Limiter, p Policy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if p.PerSecond <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v := viewer.FromContext(r.Context())
			if v == nil || !v.IsKey() {
				next.ServeHTTP(w, r)
				return
			}
			rate, burst := p.share()
			res := l.Limit(Request{Key: v.KeyID, Rate: rate, Burst: burst})
			setHeaders(w.Header(), res)
			if !res.Allowed {
				// Behind a balancer that spreads connections rather than
				// requests, the retry then opens a new connection, which
				// may reach a replica with allowance left.
				w.Header().Set("Connection", "close")
				entry := reqlog.FromContext(r.Context())
				entry.KeyOutcome = "rate_limited"
				entry.SetLimit("key_rate")
				usage.Refuse(r.Context())
				reqlog.WriteError(w, r, refusal(p.PerSecond, res.RetryAfter))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func setHeaders(h http.Header, res Response) {
	h.Set("RateLimit-Limit", strconv.Itoa(res.Limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(res.Remaining))
	h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil(res.Reset.Seconds()))))
}

// refusal is the RATE_LIMITED error, naming the key's whole limit and the
// wait Retry-After gives.
func refusal(perSecond int, wait time.Duration) *apierr.Error {
	secs := apierr.RetryAfterSeconds(wait)
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	e := apierr.Newf(apierr.RateLimited,
		"This API key is limited to %d requests per second (bursts of up to %d): slow down and retry in %d %s",
		perSecond, 2*perSecond, secs, unit)
	e.RetryAfter = wait
	return e
}
