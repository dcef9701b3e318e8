// Package keyrate limits how fast each API key may make requests: a token
// bucket per key, in memory. Its shape follows Unkey's ratelimit service:
// a Request (which key, how fast, how much burst, when) gets a Response
// (allowed or not, what is left, when it refills); a denial is an answer,
// not an error.
//
// Buckets are per process. Replicas share a key's limit by each enforcing
// its share (see Policy and internal/replicas), so nothing here touches the
// database.
package keyrate

import (
	"math"
	"sync"
	"time"
)

// DefaultMaxKeys bounds the buckets held at once. Keys are few (each
// needs a valid token), so the bound is only a guard.
const DefaultMaxKeys = 100_000

// epsilon absorbs float noise: a bucket refilled for exactly the time a
// token takes holds one.
const epsilon = 1e-9

// sweepEvery is how often buckets that have refilled are forgotten.
const sweepEvery = time.Minute

// Request asks whether key may make one request now.
type Request struct {
	Key   int       // the API key's id
	Rate  float64   // requests per second, the refill
	Burst float64   // the bucket's size: requests allowed at once
	Time  time.Time // when; zero means the limiter's clock
}

// Response is the limiter's answer.
type Response struct {
	Allowed bool
	// Limit is the bucket's size (Request.Burst, whole requests).
	Limit int
	// Remaining is the whole requests left now, this one counted.
	Remaining int
	// Reset is how long until the bucket is full again.
	Reset time.Duration
	// RetryAfter is, when refused, how long until one request is allowed.
	RetryAfter time.Duration
}

// Options tune a Limiter; the zero value is the defaults.
type Options struct {
	Now     func() time.Time // the clock; time.Now when nil
	MaxKeys int              // DefaultMaxKeys when zero
}

// Limiter holds one token bucket per key.
type Limiter struct {
	now     func() time.Time
	maxKeys int

	mu        sync.Mutex
	buckets   map[int]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was computed
	fullAt time.Time // when the bucket will be full if left alone
}

// New returns an empty Limiter.
func New(o Options) *Limiter {
	l := &Limiter{now: o.Now, maxKeys: o.MaxKeys, buckets: make(map[int]*bucket)}
	if l.now == nil {
		l.now = time.Now
	}
	if l.maxKeys <= 0 {
		l.maxKeys = DefaultMaxKeys
	}
	return l
}

// Len is the number of buckets held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Limit takes one token from req.Key's bucket if it has one. A bucket is
// created full; Rate and Burst may change between calls (when replicas
// come and go), and the tokens held are then capped at the new Burst.
func (l *Limiter) Limit(req Request) Response {
	now := req.Time
	if now.IsZero() {
		now = l.now()
	}
	burst := max(req.Burst, 1)
	rate := req.Rate
	if rate <= 0 {
		rate = math.SmallestNonzeroFloat64
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= sweepEvery {
		l.sweep(now)
	}
	b, ok := l.buckets[req.Key]
	if !ok {
		l.makeRoom(now)
		b = &bucket{tokens: burst, at: now}
		l.buckets[req.Key] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens += elapsed.Seconds() * rate
		b.at = now
	}
	b.tokens = min(b.tokens, burst)

	res := Response{Limit: int(burst)}
	if b.tokens >= 1-epsilon {
		b.tokens--
		res.Allowed = true
	} else {
		res.RetryAfter = seconds((1 - b.tokens) / rate)
	}
	b.tokens = max(b.tokens, 0)
	res.Remaining = int(b.tokens + epsilon)
	res.Reset = seconds(max(burst-b.tokens, 0) / rate)
	b.fullAt = now.Add(res.Reset)
	return res
}

// seconds converts s to a Duration, rounded up to the nanosecond (past
// float noise), so that waiting that long is always enough; it saturates
// instead of overflowing.
func seconds(s float64) time.Duration {
	ns := s * float64(time.Second)
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(math.Ceil(ns - 1e-3))
}

// sweep forgets, now and then, the buckets that have refilled: a full
// bucket is the same as none, so this loses nothing.
func (l *Limiter) sweep(now time.Time) {
	l.lastSweep = now
	for k, b := range l.buckets {
		if !b.fullAt.After(now) {
			delete(l.buckets, k)
		}
	}
}

// makeRoom, when the limiter holds maxKeys buckets, sweeps, and if every
// bucket is still refilling drops the one closest to full. That key gets a
// full bucket back (failing open for one key), which is better than
// growing without bound or refusing a key for others' traffic.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.buckets) < l.maxKeys {
		return
	}
	if l.sweep(now); len(l.buckets) < l.maxKeys {
		return
	}
	var victim int
	var earliest time.Time
	first := true
	for k, b := range l.buckets {
		if first || b.fullAt.Before(earliest) {
			victim, earliest, first = k, b.fullAt, false
		}
	}
	delete(l.buckets, victim)
}
