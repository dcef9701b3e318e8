package keycache

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

const (
	// Lease is how long a replica trusts its memory after it last proved,
	// in its replicas row, that it had applied every invalidation.
	Lease = 3 * time.Second
	// renewEvery leaves two renewals' slack within a lease.
	renewEvery = time.Second
	// awaitMargin covers the time between a replica's clock reading and
	// its renewal reaching the database, and clock rates.
	awaitMargin = 500 * time.Millisecond
	// renewTimeout bounds one renewal, so that a stuck one lets the lease
	// lapse rather than hold the loop.
	renewTimeout = Lease / 2
)

// Follower is a PostgreSQL replica's side of the protocol: it listens for
// invalidations, applies them to the cache, acknowledges them and renews
// its lease in its replicas row (which internal/replicas creates), and
// says whether memory may be trusted.
type Follower struct {
	db    *sql.DB
	dsn   string
	id    string // the replicas row
	cache *Cache
	log   *slog.Logger

	mu      sync.Mutex // applying and renewing, one at a time
	applied int64

	connected atomic.Bool
	base      time.Time    // monotonic origin of until
	until     atomic.Int64 // trusted until base+until; 0: not trusted
}

// NewFollower returns the follower of replica id for cache, and sets
// itself as the cache's guard. Run starts it.
func NewFollower(db *sql.DB, dsn, id string, cache *Cache, log *slog.Logger) *Follower {
	f := &Follower{db: db, dsn: dsn, id: id, cache: cache, log: log, base: time.Now()}
	cache.SetGuard(f)
	return f
}

// Trusted reports whether the listener is connected and the lease, as
// this process counts it, has not lapsed. It asks nothing of the database.
// A process paused past its lease finds it lapsed when it resumes.
func (f *Follower) Trusted(context.Context) bool {
	return f.connected.Load() && time.Since(f.base) < time.Duration(f.until.Load())
}

// Run listens and renews until ctx ends.
func (f *Follower) Run(ctx context.Context) {
	l := pq.NewListener(f.dsn, 50*time.Millisecond, time.Second, f.event)
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	defer l.Close()
	// Listen returns once LISTEN is in place (it waits for the first
	// connection): what commits from now on will be delivered.
	if err := l.Listen(Channel); err != nil {
		if ctx.Err() == nil {
			f.log.Error("listening for key invalidations; verifying every key in the database", "err", err)
		}
		return
	}
	f.connected.Store(true)
	f.renew(ctx)
	t := time.NewTicker(renewEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			f.forget()
			return
		case n, ok := <-l.Notify:
			switch {
			case !ok:
				return
			case n == nil: // reconnected, LISTEN in place again
				f.connected.Store(true)
				f.log.Info("listening for key invalidations again")
			default:
				f.apply(n.Extra)
			}
			f.renew(ctx)
		case <-t.C:
			f.renew(ctx)
		}
	}
}

// event is lib/pq's report on the listener's connection. A lost
// connection may have lost notifications: memory is not trusted, and is
// emptied, until the listener is back and the sequence caught up.
func (f *Follower) event(ev pq.ListenerEventType, err error) {
	if ev == pq.ListenerEventDisconnected {
		f.forget()
		f.log.Warn("lost the connection listening for key invalidations; verifying every key in the database until it is back", "err", err)
	}
}

// forget stops trusting memory and empties it. It waits for a renewal
// under way, so that the renewal cannot restore the lease afterwards.
func (f *Follower) forget() {
	f.mu.Lock()
	f.connected.Store(false)
	f.until.Store(0)
	f.mu.Unlock()
	f.cache.Drop(0, 0)
}

// apply drops what the invalidation "seq org key" touched. A gap in the
// sequence means a notification was missed: everything is dropped.
func (f *Follower) apply(payload string) {
	var seq int64
	var org, key int
	if _, err := fmt.Sscan(payload, &seq, &org, &key); err != nil {
		f.log.Error("reading a key invalidation; forgetting every key", "payload", payload, "err", err)
		org, key = 0, 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if seq > f.applied+1 || seq == 0 {
		org, key = 0, 0
	}
	f.cache.Drop(org, key)
	f.applied = max(f.applied, seq)
}

// renewQuery acknowledges $1 and extends the lease by the database's
// clock, but only if $1 is the latest invalidation: a replica that is
// behind gets no lease, whatever it believes.
const renewQuery = `UPDATE replicas SET applied_seq = $1, lease_until = now() + $2 * interval '1 millisecond'
WHERE id = $3 AND COALESCE((SELECT seq FROM key_invalidations WHERE id = 1), 0) <= $1`

// renew catches up if the database is ahead (it drops everything, which
// applies every invalidation at once), then acknowledges and extends the
// lease. The local lease starts before the statement is sent, so it ends
// before the database's.
func (f *Follower) renew(ctx context.Context) {
	if !f.connected.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, renewTimeout)
	defer cancel()
	f.mu.Lock()
	defer f.mu.Unlock()
	start := time.Since(f.base)
	var latest int64
	err := f.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT seq FROM key_invalidations WHERE id = 1), 0)`).Scan(&latest)
	if err != nil {
		return // the lease lapses; requests read the database meanwhile
	}
	if latest != f.applied {
		f.cache.Drop(0, 0)
		f.applied = latest
	}
	res, err := f.db.ExecContext(ctx, renewQuery, f.applied, Lease.Milliseconds(), f.id)
	if err != nil {
		return
	}
	if n, _ := res.RowsAffected(); n == 1 && f.connected.Load() {
		f.until.Store(int64(start + Lease))
	}
}
