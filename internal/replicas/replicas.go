// Package replicas lets every `importops serve` process sharing a database
// know how many are running, without a write per request: each writes its
// own row of the replicas table every Interval (a heartbeat), deletes it
// when it stops, and counts the rows whose heartbeat is recent. The API
// keys' rate limit (internal/keyrate) divides each key's allowance by
// that count, so that the replicas together allow about the limit.
//
// Heartbeats are compared with the local clock, so the hosts' clocks must
// agree to within a few seconds (NTP does far better).
package replicas

import (
	"context"
	"crypto/rand"
	"log/slog"
	"sync/atomic"
	"time"

	"importops/ent"
	"importops/ent/replica"
)

const (
	// Interval is how often each process writes its heartbeat.
	Interval = 2 * time.Second
	// liveFor is how long a heartbeat counts: three intervals, so that one
	// slow or missed write does not make a replica vanish.
	liveFor = 3 * Interval
	// forgetAfter is when the row of a process that died without deleting
	// it (killed, crashed) is deleted by the others.
	forgetAfter = time.Minute
	// leaveTimeout bounds deleting the row on shutdown.
	leaveTimeout = 2 * time.Second
)

// Registry is this process's row and its last count of live replicas.
type Registry struct {
	client  *ent.Client
	log     *slog.Logger
	id      string
	started time.Time
	now     func() time.Time
	live    atomic.Int64
}

// New returns a Registry for this process, which counts itself alone until
// its first heartbeat.
func New(client *ent.Client, log *slog.Logger) *Registry {
	r := &Registry{client: client, log: log, id: rand.Text(), now: time.Now}
	r.started = r.stamp()
	r.live.Store(1)
	return r
}

// ID is this process's row id.
func (r *Registry) ID() string { return r.id }

// Live is the number of serving processes, this one included, as of the
// last heartbeat that reached the database; 1 for a nil Registry (a
// process that does not take part).
func (r *Registry) Live() int {
	if r == nil {
		return 1
	}
	return int(r.live.Load())
}

// stamp is the time now as the schema stores it: UTC, to the microsecond,
// so that SQLite's text comparisons and PostgreSQL's agree.
func (r *Registry) stamp() time.Time { return r.now().UTC().Truncate(time.Microsecond) }

// Beat writes this process's heartbeat, deletes rows long dead and counts
// the live ones. If any step fails the last count stays: a database that
// is briefly unreachable must not change how much each key may do.
func (r *Registry) Beat(ctx context.Context) error {
	now := r.stamp()
	n, err := r.client.Replica.Update().Where(replica.ID(r.id)).SetHeartbeatAt(now).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 { // first beat, or the others forgot us during an outage
		err = r.client.Replica.Create().SetID(r.id).SetStartedAt(r.started).SetHeartbeatAt(now).Exec(ctx)
		if err != nil {
			return err
		}
	}
	if _, err := r.client.Replica.Delete().Where(replica.HeartbeatAtLT(now.Add(-forgetAfter))).Exec(ctx); err != nil {
		return err
	}
	live, err := r.client.Replica.Query().Where(replica.HeartbeatAtGT(now.Add(-liveFor))).Count(ctx)
	if err != nil {
		return err
	}
	r.live.Store(int64(max(live, 1)))
	return nil
}

// Leave deletes this process's row, so the others take over its share at
// their next heartbeat.
func (r *Registry) Leave(ctx context.Context) error {
	_, err := r.client.Replica.Delete().Where(replica.ID(r.id)).Exec(ctx)
	return err
}

// Run beats now and every interval until ctx ends, then leaves. A failed
// heartbeat is logged once until one succeeds again; the service goes on
// with the last count.
func (r *Registry) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	for {
		// Each beat is bounded, so a database that stopped answering
		// cannot hold the loop past shutdown.
		beat, cancel := context.WithTimeout(ctx, max(interval, leaveTimeout))
		err := r.Beat(beat)
		cancel()
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			r.log.Warn("writing this replica's heartbeat; keeping the last count of replicas", "err", err, "replicas", r.Live())
			failing = true
		case err == nil && failing:
			r.log.Info("replica heartbeat written again", "replicas", r.Live())
			failing = false
		}
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaveTimeout)
			defer cancel()
			if err := r.Leave(final); err != nil {
				r.log.Warn("removing this replica's row on shutdown; the others stop counting it within seconds", "err", err)
			}
			return
		case <-t.C:
		}
	}
}
