package database

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"importops/ent"
)

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so replicas starting together on an empty database take turns instead of
// racing to create the same tables. (Any constant will do; this one spells
// "iops".)
const migrationLock = 0x696f7073

// migrate creates or updates the schema, then fills in what this version
// keeps and an older one did not (see fillVehicleCounts).
//
// On PostgreSQL it runs through a pool of its own whose connections have
// no statement timeout (see openPostgres): building an index on a large
// table may take longer than any request may, and the pool is closed
// after, so the serving connections never lose theirs.
func migrate(ctx context.Context, db *DB, dsn string) error {
	if db.Dialect != dialect.Postgres {
		if err := db.Schema.Create(ctx); err != nil {
			return err
		}
		return fillVehicleCounts(ctx, db.SQL, db.Dialect)
	}
	sqlDB, err := openPostgres(dsn, migrationStatementTimeout)
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, sqlDB)))
	// The lock belongs to a session, so take and release it on one
	// connection; the migration itself runs on others from the pool.
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
	if err := client.Schema.Create(ctx); err != nil {
		return err
	}
	return fillVehicleCounts(ctx, sqlDB, dialect.Postgres)
}

// fillVehicleCounts counts the vehicles of each organisation that has some
// but no counts yet: a database written by a version that did not keep
// them. Organisations that have counts are never counted again (that
// would read every vehicle on every start), so finding them costs two
// index probes each. The insert checks again that the organisation has no
// counts, and gives way to rows written meanwhile, so a replica already
// running this version cannot be counted twice.
func fillVehicleCounts(ctx context.Context, db *sql.DB, dial string) error {
	rows, err := db.QueryContext(ctx, `
		SELECT o.id FROM organizations o
		WHERE NOT EXISTS (SELECT 1 FROM vehicle_counts c WHERE c.organization_id = o.id)
		  AND (SELECT v.id FROM vehicles v WHERE v.organization_id = o.id LIMIT 1) IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("finding organisations without vehicle counts: %w", err)
	}
	var orgs []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		orgs = append(orgs, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	insert := `
		INSERT INTO vehicle_counts (organization_id, status, count)
		SELECT organization_id, status, COUNT(*) FROM vehicles
		WHERE organization_id = ?
		  AND NOT EXISTS (SELECT 1 FROM vehicle_counts WHERE organization_id = ?)
		GROUP BY organization_id, status
		ON CONFLICT (organization_id, status) DO NOTHING`
	if dial == dialect.Postgres {
		insert = rebind(insert)
	}
	for _, id := range orgs {
		if _, err := db.ExecContext(ctx, insert, id, id); err != nil {
			return fmt.Errorf("counting the vehicles of organisation %d: %w", id, err)
		}
	}
	return nil
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ….
func rebind(query string) string {
	out := make([]byte, 0, len(query)+8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, query[i])
	}
	return string(out)
}
