// Package lastused records when each API key was last used without writing
// to the database on every request: uses are coalesced in memory, one value
// per key, and flushed periodically and on shutdown.
package lastused

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"importops/ent"
	"importops/ent/apikey"
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

	mu      sync.Mutex
	pending map[int]time.Time
}

// New returns a Recorder that writes through client.
func New(client *ent.Client, log *slog.Logger) *Recorder {
	return &Recorder{client: client, log: log, pending: make(map[int]time.Time)}
}

// Touch notes that key id was used at t. It never touches the database.
func (r *Recorder) Touch(id int, t time.Time) {
	r.mu.Lock()
	if t.After(r.pending[id]) {
		r.pending[id] = t
	}
	r.mu.Unlock()
}

// Flush writes every pending use. A value never moves last_used_at
// backwards, since several servers may flush the same key in any order.
// Uses that could not be written stay pending for the next flush.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	batch := r.pending
	r.pending = make(map[int]time.Time, len(batch))
	r.mu.Unlock()

	ctx = viewer.System(ctx)
	start := time.Now()
	var firstErr error
	written := 0
	for id, t := range batch {
		t = t.UTC().Truncate(time.Microsecond)
		err := r.client.APIKey.Update().
			Where(apikey.ID(id), apikey.Or(apikey.LastUsedAtIsNil(), apikey.LastUsedAtLT(t))).
			SetLastUsedAt(t).
			Exec(ctx)
		if err != nil {
			r.Touch(id, t)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		written++
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
				r.log.Warn("flushing last-used times", "err", err)
			}
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), FinalFlushTimeout)
			defer cancel()
			if err := r.Flush(final); err != nil {
				r.log.Error("flushing last-used times on shutdown", "err", err)
			}
			return
		}
	}
}
