// Package failures slows down guessing: it counts failures (wrong
// passwords, invalid API keys) per key, such as a client address or an
// account, and once a key has too many in a window it is refused until the
// window ends. Successes are never counted, so well-behaved callers never
// meet it; what to count against which key is the caller's choice.
//
// Counts live in memory, per server process: with several replicas a key
// gets the allowance of each, which still bounds guessing to a handful of
// attempts per minute.
package failures

import (
	"container/list"
	"sync"
	"time"
)

// DefaultMaxTracked bounds each limiter's memory: about 100 bytes a key.
const DefaultMaxTracked = 100_000

// Limiter allows Max failures per key in each Window (a fixed window that
// starts at the key's first failure).
//
// It tracks at most maxTracked keys. Past that, recording a failure for a
// new key forgets the key whose last failure is the oldest: a key that is
// failing now keeps its count, and memory stays bounded however many
// addresses or accounts an attacker tries. (Forgetting everyone at once
// would hand every guesser a fresh allowance.)
type Limiter struct {
	Max        int
	Window     time.Duration
	maxTracked int
	now        func() time.Time

	mu    sync.Mutex
	byKey map[string]*list.Element // of *entry
	order *list.List               // most recent failure first
}

type entry struct {
	key      string
	start    time.Time
	failures int
}

// New returns a Limiter allowing max failures per window.
func New(max int, per time.Duration) *Limiter {
	return &Limiter{Max: max, Window: per, maxTracked: DefaultMaxTracked, now: time.Now,
		byKey: make(map[string]*list.Element), order: list.New()}
}

// Wait returns how long key must wait before trying again, or 0. Asking
// does not count as a failure.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.byKey[key]
	if !ok {
		return 0
	}
	e := el.Value.(*entry)
	left := e.start.Add(l.Window).Sub(l.now())
	if left <= 0 {
		l.remove(el)
		return 0
	}
	if e.failures < l.Max {
		return 0
	}
	return left
}

// Fail records one failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if el, ok := l.byKey[key]; ok {
		e := el.Value.(*entry)
		if now.Sub(e.start) >= l.Window {
			e.start, e.failures = now, 0
		}
		e.failures++
		l.order.MoveToFront(el)
		return
	}
	for l.order.Len() >= l.maxTracked {
		l.remove(l.order.Back())
	}
	l.byKey[key] = l.order.PushFront(&entry{key: key, start: now, failures: 1})
}

// Tracked is how many keys the limiter holds.
func (l *Limiter) Tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

func (l *Limiter) remove(el *list.Element) {
	delete(l.byKey, el.Value.(*entry).key)
	l.order.Remove(el)
}
