// Package usage counts, per API key and UTC day, the requests each key was
// served and those refused for it. Counts are kept in memory and added to
// the database in batches when last-used times are flushed (one mechanism:
// internal/lastused calls Counter.Flush), never on each request.
package usage

import (
	"context"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"importops/ent"
	"importops/ent/apikeyusage"
	"importops/internal/viewer"
)

// Days is how long daily counts are kept, and the most a query may ask for.
const Days = 90

// batchSize bounds the rows of one upsert statement: 500 rows of five
// values stay far below SQLite's and PostgreSQL's limits on parameters.
const batchSize = 500

// pruneEvery spaces the deletions of rows older than Days.
const pruneEvery = time.Hour

// DayLayout is how days are stored and shown: YYYY-MM-DD, UTC.
const DayLayout = time.DateOnly

// Day is the UTC day of t.
func Day(t time.Time) string { return t.UTC().Format(DayLayout) }

type slot struct {
	key int
	day string
}

type tally struct {
	org, requests, refused int
}

// Counter counts requests in memory. The zero value is not usable; see
// NewCounter.
type Counter struct {
	mu       sync.Mutex
	pending  map[slot]tally
	prunedAt time.Time
	now      func() time.Time
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter {
	return &Counter{pending: make(map[slot]tally), now: time.Now}
}

// Count notes one request of the key viewer v stands for, made at t:
// served, or refused for the key. It never touches the database.
func (c *Counter) Count(v *viewer.Viewer, t time.Time, refused bool) {
	c.add(slot{v.KeyID, Day(t)}, v.OrgID, 1-b2i(refused), b2i(refused))
}

func (c *Counter) add(s slot, org, requests, refused int) {
	c.mu.Lock()
	t := c.pending[s]
	c.pending[s] = tally{org: org, requests: t.requests + requests, refused: t.refused + refused}
	c.mu.Unlock()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Flush adds every pending count to the database, batchSize rows per
// statement, and deletes days older than Days at most once per pruneEvery.
// Counts are added (INSERT … ON CONFLICT DO UPDATE SET requests = requests
// + excluded.requests), so replicas flushing the same key and day add up.
// Counts of a batch that failed stay pending for the next flush.
func (c *Counter) Flush(ctx context.Context, client *ent.Client) error {
	c.mu.Lock()
	batch := c.pending
	c.pending = make(map[slot]tally, len(batch))
	c.mu.Unlock()

	ctx = viewer.System(ctx)
	slots := make([]slot, 0, len(batch))
	for s := range batch {
		slots = append(slots, s)
	}
	var firstErr error
	for start := 0; start < len(slots); start += batchSize {
		part := slots[start:min(start+batchSize, len(slots))]
		if err := upsert(ctx, client, part, batch); err != nil {
			for _, s := range part {
				t := batch[s]
				c.add(s, t.org, t.requests, t.refused)
			}
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	if err := c.prune(ctx, client); err != nil && firstErr == nil {
		firstErr = err
	}
	return firstErr
}

func upsert(ctx context.Context, client *ent.Client, slots []slot, batch map[slot]tally) error {
	creates := make([]*ent.APIKeyUsageCreate, len(slots))
	for i, s := range slots {
		t := batch[s]
		creates[i] = client.APIKeyUsage.Create().
			SetOrganizationID(t.org).SetAPIKeyID(s.key).SetDay(s.day).
			SetRequests(int64(t.requests)).SetRefused(int64(t.refused))
	}
	return client.APIKeyUsage.CreateBulk(creates...).
		OnConflict(
			entsql.ConflictColumns(apikeyusage.FieldAPIKeyID, apikeyusage.FieldDay),
			entsql.ResolveWith(func(u *entsql.UpdateSet) {
				excluded := entsql.Dialect(u.UpdateBuilder.Dialect()).Table("excluded")
				for _, col := range []string{apikeyusage.FieldRequests, apikeyusage.FieldRefused} {
					u.Set(col, entsql.ExprFunc(func(b *entsql.Builder) {
						b.WriteString(u.Table().C(col)).WriteString(" + ").WriteString(excluded.C(col))
					}))
				}
			}),
		).
		Exec(ctx)
}

// prune deletes the days that have left the window, once per pruneEvery.
func (c *Counter) prune(ctx context.Context, client *ent.Client) error {
	now := c.now()
	c.mu.Lock()
	due := now.Sub(c.prunedAt) >= pruneEvery
	if due {
		c.prunedAt = now
	}
	c.mu.Unlock()
	if !due {
		return nil
	}
	_, err := client.APIKeyUsage.Delete().
		Where(apikeyusage.DayLT(Day(now.AddDate(0, 0, -(Days - 1))))).
		Exec(ctx)
	return err
}
