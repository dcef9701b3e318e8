package keycache

import (
	"context"
	"log/slog"

	"entgo.io/ent/dialect"

	"importops/internal/database"
)

// Start returns the cache of a serving process on db, with its guard, and
// the function that runs the guard's background work until ctx ends (the
// listener and the lease, on PostgreSQL) and then releases it. replicaID
// is the process's replicas row (internal/replicas writes it).
func Start(db *database.DB, replicaID string, size int, log *slog.Logger) (*Cache, func(ctx context.Context)) {
	c := New(size)
	if db.Dialect == dialect.Postgres {
		f := NewFollower(db.SQL, db.DSN(), replicaID, c, log)
		return c, f.Run
	}
	w := NewFileWatch(db.SQL, c)
	return c, func(ctx context.Context) {
		<-ctx.Done()
		w.Close()
	}
}
