// Package lastused records when each API key was last used, and from which
// address and User-Agent, without writing to the database on every request:
// uses are coalesced in memory, one value per key, and flushed periodically
// and on shutdown, together with the keys' daily counts (internal/usage).
package lastused

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/usage"
	"importops/internal/viewer"
)

// Interval is how often pending uses are written. The contract promises
// last-used times visible within 60 seconds; half that leaves room for a
// slow flush.
const Interval = 30 * time.Second

// FinalFlushTimeout bounds the flush on shutdown.
const FinalFlushTimeout = 5 * time.Second

// Recorder coalesces key uses. The zero value is not usable; see New.
type Recorder struct {
	client *ent.Client
	log    *slog.Logger

	// Observe, if set, is told of each flush: the keys written, how long
	// it took, and its error (the metrics).
	Observe func(rows int, took time.Duration, err error)

	// Usage counts requests per key and day; Flush writes it too.
	Usage *usage.Counter

	mu      sync.Mutex
	pending map[int]use
}

// use is a key's latest use: when, from which address, with which
// User-Agent ("" when unknown, stored as null).
type use struct {
	at            time.Time
	ip, userAgent string
}

// New returns a Recorder that writes through client.
func New(client *ent.Client, log *slog.Logger) *Recorder {
	return &Recorder{client: client, log: log, Usage: usage.NewCounter(), pending: make(map[int]use)}
}

// Touch notes that key id was used at t, from address ip with User-Agent
// userAgent (as usage.UserAgent stores it). It never touches the database.
func (r *Recorder) Touch(id int, t time.Time, ip, userAgent string) {
	r.touch(id, use{t, ip, userAgent})
}

func (r *Recorder) touch(id int, u use) {
	r.mu.Lock()
	if u.at.After(r.pending[id].at) {
		r.pending[id] = u
	}
	r.mu.Unlock()
}

// Flush writes every pending use, then the pending counts. A value never
// moves last_used_at (nor the address and User-Agent that go with it)
// backwards, since several servers may flush the same key in any order.
// Uses and counts that could not be written stay pending for the next
// flush.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	batch := r.pending
	r.pending = make(map[int]use, len(batch))
	r.mu.Unlock()

	ctx = viewer.System(ctx)
	start := time.Now()
	var firstErr error
	written := 0
	for id, u := range batch {
		u.at = u.at.UTC().Truncate(time.Microsecond)
		upd := r.client.APIKey.Update().
			Where(apikey.ID(id), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLT(u.at))).
			SetLastUsedAt(u.at)
		// Cleared when unknown: an older use's address must not pass for
		// this one's.
		if u.ip == "" {
			upd.ClearLastUsedIP()
		} else {
			upd.SetLastUsedIP(u.ip)
		}
		if u.userAgent == "" {
			upd.ClearLastUsedUserAgent()
		} else {
			upd.SetLastUsedUserAgent(u.userAgent)
		}
		err := upd.Exec(ctx)
		if err != nil {
			r.touch(id, u)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		written++
	}
	// The metrics count keys written; a failure of the counts fails the
	// flush too.
	if err := r.Usage.Flush(ctx, r.client); err != nil && firstErr == nil {
		firstErr = err
	}
	if r.Observe != nil {
		r.Observe(written, time.Since(start), firstErr)
	}
	return firstErr
}

// Run flushes every interval until ctx ends, then flushes once more with
// a fresh deadline, so that uses are not lost on a graceful shutdown.
func (r *Recorder) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := r.Flush(ctx); err != nil {
				r.log.Warn("flushing last-used times and usage", "err", err)
			}
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), FinalFlushTimeout)
			defer cancel()
			if err := r.Flush(final); err != nil {
				r.log.Error("flushing last-used times and usage on shutdown", "err", err)
			}
			return
		}
	}
}
