package database

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"importops/ent/migrations"
)

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so replicas starting together take turns instead of racing to apply the
// same file. (Any constant will do; this one spells "iops".)
const migrationLock = 0x696f7073

// revisionsTable records which migration files have been applied.
const revisionsTable = "importops_migrations"

// ErrForeignDatabase refuses a database that holds other tables and none
// of ours: most likely --db names the wrong database.
var ErrForeignDatabase = errors.New("the database holds other tables and none of ImportOps'")

// MigrateOptions change what Migrate does.
type MigrateOptions struct {
	// Init creates ImportOps' tables even in a database that holds others.
	Init bool
	// DryRun reports what would be applied and changes nothing.
	DryRun bool
}

// Migration is one migration file, pending or applied.
type Migration struct {
	Version, Name string
	SQL           []string // its statements
	// RecordOnly marks the first file (the baseline) on a database made
	// before versioned migrations, whose tables that version of ImportOps
	// created itself as the baseline describes: it is recorded as applied,
	// not run.
	RecordOnly bool
}

// Migrate applies the migration files the database lacks, each in its own
// transaction, and returns them (with DryRun, what it would apply).
func (db *DB) Migrate(ctx context.Context, opts MigrateOptions) ([]Migration, error) {
	files, err := migrationFiles(db.Dialect)
	if err != nil {
		return nil, err
	}
	pool := db.SQL
	if db.Dialect == dialect.Postgres {
		// Migrations may take longer than any request may (building an
		// index on a large table), so they run on a pool of their own
		// without the serving connections' statement timeout.
		if pool, err = openPostgres(db.dsn, migrationStatementTimeout); err != nil {
			return nil, err
		}
		defer pool.Close()
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if db.Dialect == dialect.Postgres {
		// The lock belongs to the session, so take it and do everything on
		// this one connection.
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
			return nil, fmt.Errorf("taking the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
	}
	m := migrator{db: db, conn: conn}
	pending, err := m.plan(ctx, files, opts)
	if err != nil || opts.DryRun || len(pending) == 0 {
		return pending, err
	}
	if err := m.createTable(ctx); err != nil {
		return nil, err
	}
	for _, f := range pending {
		if err := m.apply(ctx, f); err != nil {
			return nil, fmt.Errorf("applying migration %s: %w", f.Name, err)
		}
	}
	return pending, nil
}

// migrationFiles reads the dialect's embedded files, in order, after
// checking them against atlas.sum: a file edited after it was generated
// could have been applied in another form elsewhere.
func migrationFiles(dial string) ([]Migration, error) {
	dirName := "sqlite"
	if dial == dialect.Postgres {
		dirName = "postgres"
	}
	entries, err := fs.ReadDir(migrations.FS, dirName)
	if err != nil {
		return nil, err
	}
	var files []atlas.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(migrations.FS, dirName+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, atlas.NewLocalFile(e.Name(), b))
	}
	if err := checkSum(dirName, files); err != nil {
		return nil, err
	}
	out := make([]Migration, 0, len(files))
	for _, f := range files {
		stmts, err := f.Stmts()
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", f.Name(), err)
		}
		out = append(out, Migration{Version: f.Version(), Name: f.Name(), SQL: stmts})
	}
	return out, nil
}

func checkSum(dirName string, files []atlas.File) error {
	want, err := fs.ReadFile(migrations.FS, dirName+"/atlas.sum")
	if err != nil {
		return err
	}
	sum, err := atlas.NewHashFile(files)
	if err != nil {
		return err
	}
	got, err := sum.MarshalText()
	if err != nil {
		return err
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		return fmt.Errorf("the %s migration files do not match their atlas.sum: regenerate them with make generate rather than editing them", dirName)
	}
	return nil
}

type migrator struct {
	db   *DB
	conn *sql.Conn
}

// plan decides which files to apply. A database without the revisions
// table is empty (apply everything), was made by an earlier version that
// created ImportOps' tables itself (record the baseline, apply the rest),
// or is someone else's (refused unless opts.Init).
func (m migrator) plan(ctx context.Context, files []Migration, opts MigrateOptions) ([]Migration, error) {
	tables, err := m.tables(ctx)
	if err != nil {
		return nil, err
	}
	var applied []string
	legacy := false
	switch {
	case slices.Contains(tables, revisionsTable):
		if applied, err = m.applied(ctx); err != nil {
			return nil, err
		}
	case slices.Contains(tables, "organizations") && slices.Contains(tables, "api_keys"):
		legacy = true // made before versioned migrations
	case len(tables) > 0 && !opts.Init:
		return nil, fmt.Errorf("%w (%s): check that --db names the right database, or run importops migrate --init to create ImportOps' tables beside them",
			ErrForeignDatabase, strings.Join(tables[:min(5, len(tables))], ", "))
	}
	var pending []Migration
	for i, f := range files {
		if !slices.Contains(applied, f.Version) {
			f.RecordOnly = legacy && i == 0
			pending = append(pending, f)
		}
	}
	for _, v := range applied {
		if !slices.ContainsFunc(files, func(f Migration) bool { return f.Version == v }) {
			return nil, fmt.Errorf("the database has migration %s, which this importops does not know: it was upgraded by a newer version, so run that one", v)
		}
	}
	return pending, nil
}

// apply runs one file and records it in one transaction. SQLite's
// migrations rebuild tables with foreign keys off, which only works
// outside a transaction, so it is turned off around it and the keys are
// checked before committing.
func (m migrator) apply(ctx context.Context, f Migration) (err error) {
	sqlite := m.db.Dialect != dialect.Postgres
	if sqlite {
		if _, err := m.conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return err
		}
		defer func() {
			if _, e := m.conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = on"); err == nil {
				err = e
			}
		}()
	}
	tx, err := m.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it since plan read the table
	// (SQLite has no advisory lock; its write lock is taken by BEGIN).
	var done int
	err = tx.QueryRowContext(ctx, m.bind("SELECT count(*) FROM "+revisionsTable+" WHERE version = ?"), f.Version).Scan(&done)
	if err != nil || done > 0 {
		return err
	}
	for _, stmt := range f.SQL {
		if f.RecordOnly {
			break
		}
		if sqlite && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(stmt)), "PRAGMA FOREIGN_KEYS") {
			continue // handled around the transaction
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%w in: %s", err, stmt)
		}
	}
	if sqlite {
		if err := noForeignKeyViolations(ctx, tx); err != nil {
			return err
		}
	}
	if err := m.record(ctx, tx, f); err != nil {
		return err
	}
	return tx.Commit()
}

type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

func (m migrator) createTable(ctx context.Context) error {
	_, err := m.conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+revisionsTable+
		" (version varchar(32) PRIMARY KEY, name varchar(255) NOT NULL, applied_at varchar(40) NOT NULL)")
	return err
}

// record notes f as applied.
func (m migrator) record(ctx context.Context, e execer, f Migration) error {
	_, err := e.ExecContext(ctx, m.bind("INSERT INTO "+revisionsTable+" (version, name, applied_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING"),
		f.Version, f.Name, time.Now().UTC().Format(time.RFC3339))
	return err
}

func (m migrator) applied(ctx context.Context) ([]string, error) {
	return m.strings(ctx, "SELECT version FROM "+revisionsTable+" ORDER BY version")
}

// tables lists the database's own tables (PostgreSQL: its current schema).
func (m migrator) tables(ctx context.Context) ([]string, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if m.db.Dialect == dialect.Postgres {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
	}
	return m.strings(ctx, q)
}

func (m migrator) strings(ctx context.Context, q string) ([]string, error) {
	rows, err := m.conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// bind writes ? placeholders as the dialect wants them.
func (m migrator) bind(q string) string {
	if m.db.Dialect != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func noForeignKeyViolations(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("the migration would leave rows pointing at rows that do not exist")
	}
	return rows.Err()
}
