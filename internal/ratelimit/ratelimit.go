// Package ratelimit slows down guessing: it counts failures (wrong
// passwords, invalid API keys) per client address, and once an address has
// too many in a window it is refused until the window ends. Successes cost
// nothing, so well-behaved callers never meet it.
//
// Counts live in memory, per server process: with several replicas an
// address gets the allowance of each, which still bounds guessing to a
// handful of attempts per minute.
package ratelimit

import (
	"sync"
	"time"
)

// maxTracked bounds memory: past it, windows that have ended are swept, and
// if that is not enough the oldest state is dropped (failing open for the
// limit, never for authentication itself).
const maxTracked = 100_000

// Limiter allows Max failures per key in each Window.
type Limiter struct {
	Max    int
	Window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

// New returns a Limiter allowing max failures per window.
func New(max int, per time.Duration) *Limiter {
	return &Limiter{Max: max, Window: per, now: time.Now, windows: make(map[string]*window)}
}

// Wait returns how long key must wait before trying again, or 0.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.windows[key]
	if !ok || w.failures < l.Max {
		return 0
	}
	left := w.start.Add(l.Window).Sub(l.now())
	if left <= 0 {
		delete(l.windows, key)
		return 0
	}
	return left
}

// Fail records one failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w, ok := l.windows[key]
	if !ok || now.Sub(w.start) >= l.Window {
		if len(l.windows) >= maxTracked {
			l.sweep(now)
		}
		w = &window{start: now}
		l.windows[key] = w
	}
	w.failures++
}

func (l *Limiter) sweep(now time.Time) {
	for k, w := range l.windows {
		if now.Sub(w.start) >= l.Window {
			delete(l.windows, k)
		}
	}
	if len(l.windows) >= maxTracked {
		clear(l.windows)
	}
}
