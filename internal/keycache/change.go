package keycache

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/internal/database"
)

// Channel is the PostgreSQL notification channel of key invalidations.
const Channel = "importops_key_invalidations"

// bumpQuery increments the one row's sequence. The row's lock, held until
// the change commits, orders the changes: sequence order is commit order,
// which is the order in which PostgreSQL delivers their notifications.
const bumpQuery = `INSERT INTO key_invalidations (id, seq) VALUES (1, 1)
ON CONFLICT (id) DO UPDATE SET seq = key_invalidations.seq + 1 RETURNING seq`

// Bump records, in tx, a change to how key keyID of organisation orgID
// verifies (keyID 0: all of its keys, as a plan change), and on
// PostgreSQL notifies the replicas when tx commits. It returns the
// sequence to Await once tx has committed.
func Bump(ctx context.Context, tx *ent.Tx, dial string, orgID, keyID int) (int64, error) {
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("recording a key invalidation: %w", err)
	}
	if dial != dialect.Postgres {
		return seq, nil // each request checks the file (FileWatch)
	}
	payload := fmt.Sprintf("%d %d %d", seq, orgID, keyID)
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		return 0, fmt.Errorf("notifying the replicas of a key invalidation: %w", err)
	}
	return seq, nil
}

// nextSeq increments the sequence; its rows are closed before the
// transaction's next statement.
func nextSeq(ctx context.Context, tx *ent.Tx) (int64, error) {
	rows, err := tx.QueryContext(ctx, bumpQuery)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, cmp.Or(rows.Err(), errors.New("the sequence returned no row"))
	}
	var seq int64
	err = rows.Scan(&seq)
	return seq, err
}

// pendingQuery counts the replicas that have not acknowledged a sequence
// and whose lease, by the database's clock, has not lapsed.
const pendingQuery = `SELECT count(*) FROM replicas WHERE applied_seq < $1 AND lease_until > now()`

// Await returns once every replica with a live lease has applied seq, or
// once Lease and a margin have passed since it was called: by then no
// replica that missed seq can hold a lease (Follower renews only once it
// has caught up), so each trusts only the database until it has. Only
// PostgreSQL has replicas with leases; SQLite returns at once. It goes on
// if ctx ends (the change is committed; the caller needs the promise kept
// more than a quick answer), within its own bound. It reports nothing: the
// change is committed whatever it finds, and once it returns the promise
// holds.
func Await(ctx context.Context, db *database.DB, seq int64) {
	if seq == 0 || db.Dialect != dialect.Postgres {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), Lease+awaitMargin)
	defer cancel()
	// The replicas acknowledge within a millisecond or two: poll often,
	// as each poll is a cheap count over a few rows.
	wait := 500 * time.Microsecond
	for {
		var pending int
		err := db.SQL.QueryRowContext(ctx, pendingQuery, seq).Scan(&pending)
		if err == nil && pending == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return // every lease that could still trust seq's key has lapsed
		case <-time.After(wait):
		}
		wait = min(2*wait, 4*time.Millisecond)
	}
}
