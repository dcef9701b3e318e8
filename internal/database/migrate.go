package database

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"
)

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so replicas starting together on an empty database take turns instead of
// racing to create the same tables. (Any constant will do; this one spells
// "iops".)
const migrationLock = 0x696f7073

func (db *DB) migrate(ctx context.Context) error {
	if db.Dialect != dialect.Postgres {
		return db.Schema.Create(ctx)
	}
	// The lock belongs to a session, so take and release it on one
	// connection; the migration itself runs on others from the pool.
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
	return db.Schema.Create(ctx)
}
