// Package database opens the database named by a URL and migrates it:
// "postgres://…" (or "postgresql://…") is PostgreSQL through lib/pq, and
// "sqlite:PATH" is an embedded SQLite file through modernc.org/sqlite.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers "postgres"
	_ "modernc.org/sqlite" // registers "sqlite"

	"importops/ent"
	"importops/ent/migrate"
	_ "importops/ent/runtime" // the schema's hooks, interceptors and validators
)

// DefaultURL is the database used when neither --db nor DATABASE_URL is set.
const DefaultURL = "sqlite:importops.db"

// DB is an open, migrated database.
type DB struct {
	*ent.Client
	SQL     *sql.DB
	Dialect string
	dsn     string // for the migrations' own pool (see Migrate)
}

// Open opens the database at rawURL and applies the migrations it lacks.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	db, err := Connect(rawURL)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, MigrateOptions{}); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating %s: %w", Redact(rawURL), err)
	}
	return db, nil
}

// Connect opens the database at rawURL without migrating it (importops
// migrate does that itself). Nothing is sent to the database yet.
func Connect(rawURL string) (*DB, error) {
	drv, dsn, dial, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	var sqlDB *sql.DB
	if dial == dialect.Postgres {
		sqlDB, err = openPostgres(dsn, StatementTimeout)
	} else if err = createPrivate(sqlitePath(rawURL)); err == nil {
		sqlDB, err = sql.Open(drv, dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", Redact(rawURL), err)
	}
	configurePool(sqlDB, dial)
	bare := entsql.OpenDB(dial, sqlDB)
	client := ent.NewClient(ent.Driver(cacheColumnTypes(bare)))
	// ent's schema code (Schema.WriteTo, the drift test's) takes the bare
	// *sql.Rows from its queries, which the cached rows are not.
	client.Schema = migrate.NewSchema(bare)
	db := &DB{
		Client:  client,
		SQL:     sqlDB,
		Dialect: dial,
		dsn:     dsn,
	}
	return db, nil
}

func parse(rawURL string) (driver, dsn, dial string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return "postgres", postgresDSN(rawURL), dialect.Postgres, nil
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(rawURL, "sqlite:")
		if path == "" {
			return "", "", "", fmt.Errorf("database URL %q names no file: use sqlite:PATH", rawURL)
		}
		return "sqlite", sqliteDSN(path), dialect.SQLite, nil
	}
	return "", "", "", fmt.Errorf("database URL %q is not supported: use postgres://… or sqlite:PATH", Redact(rawURL))
}

func sqlitePath(rawURL string) string { return strings.TrimPrefix(rawURL, "sqlite:") }

// createPrivate creates the SQLite file at path, readable and writable by
// its owner only (0600), if it does not exist yet: it holds password
// hashes, sessions and the audit log, and SQLite would otherwise create it
// 0644, readable by every local user. SQLite gives the -wal and -shm files
// it creates next to it the same mode. A file that exists keeps its mode:
// it is the operator's, who may have chosen it (a group that backs it up).
func createPrivate(path string) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil // not a plain file name
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating the SQLite file: %w", err)
	}
	return f.Close()
}

// connectTimeout bounds connecting to PostgreSQL, handshake included, in
// seconds, when neither the URL nor PGCONNECT_TIMEOUT sets it. lib/pq
// otherwise waits forever for a database that accepts connections but
// does not answer (a dropped network, a frozen host), and a request's
// context does not stop it: requests and /healthz would hang instead of
// answering 503.
const connectTimeout = "5"

// postgresDSN adds connect_timeout to a PostgreSQL URL that lacks one.
func postgresDSN(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Query().Has("connect_timeout") || os.Getenv("PGCONNECT_TIMEOUT") != "" {
		return rawURL // lib/pq reports a bad URL; an explicit timeout wins
	}
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += "connect_timeout=" + connectTimeout
	return u.String()
}

// sqliteDSN sets the pragmas in the DSN, so that every pooled connection
// gets them, not only the first:
//   - foreign_keys: SQLite ignores REFERENCES without it;
//   - journal_mode WAL: readers do not block the writer;
//   - busy_timeout: a writer waits for another instead of failing at once;
//   - _txlock=immediate: a transaction takes the write lock when it begins,
//     so two transactions that read then write cannot deadlock (SQLITE_BUSY);
//   - _timezone=UTC: times are stored as text, which SQLite compares as
//     text, so every time must be written in one zone (a server whose local
//     zone is not UTC would otherwise miscount active keys).
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	q.Set("_timezone", "UTC")
	return "file:" + path + "?" + q.Encode()
}

func configurePool(db *sql.DB, dial string) {
	db.SetConnMaxIdleTime(5 * time.Minute)
	if dial == dialect.Postgres {
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		return
	}
	// SQLite has one writer at a time; a few connections serve concurrent
	// readers in WAL mode.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
}

// DSN is the connection string the pool was opened with, for a connection
// of one's own outside the pool (internal/keycache's listener). It may
// hold a password: never log it.
func (db *DB) DSN() string { return db.dsn }

// Redact hides a password in a database URL, for messages and logs.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.SQL.PingContext(ctx)
}

// Close closes the database.
func (db *DB) Close() error { return db.Client.Close() }
