package keycache

import (
	"context"
	"database/sql"
	"sync"
)

// FileWatch is the guard on SQLite, where several processes (serve
// replicas, the command line) may share the file and there is no NOTIFY.
// Before memory is used, it asks SQLite on a connection of its own whether
// the file changed since it last looked (PRAGMA data_version: no I/O when
// it has not); if it did, it reads the invalidation sequence, and if that
// moved, empties the cache. It costs a statement or two per request,
// which on SQLite are function calls, not round trips.
type FileWatch struct {
	db    *sql.DB
	cache *Cache

	mu      sync.Mutex
	conn    *sql.Conn
	version int64
	applied int64
	known   bool
}

// NewFileWatch returns the guard of cache on db, and sets it.
func NewFileWatch(db *sql.DB, cache *Cache) *FileWatch {
	w := &FileWatch{db: db, cache: cache}
	cache.SetGuard(w)
	return w
}

// Trusted reports whether memory reflects every invalidation committed
// before it was called; false if the file cannot be read.
func (w *FileWatch) Trusted(ctx context.Context) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.check(ctx); err != nil {
		if w.conn != nil {
			w.conn.Close()
			w.conn = nil
		}
		w.known = false
		return false
	}
	return true
}

func (w *FileWatch) check(ctx context.Context) error {
	if w.conn == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return err
		}
		w.conn = c
	}
	var version int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&version); err != nil {
		return err
	}
	if w.known && version == w.version {
		return nil
	}
	var seq int64
	err := w.conn.QueryRowContext(ctx, `SELECT COALESCE((SELECT seq FROM key_invalidations WHERE id = 1), 0)`).Scan(&seq)
	if err != nil {
		return err
	}
	if !w.known || seq != w.applied {
		w.cache.Drop(0, 0)
		w.applied = seq
	}
	w.version, w.known = version, true
	return nil
}

// Close returns its connection to the pool.
func (w *FileWatch) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		return nil
	}
	err := w.conn.Close()
	w.conn = nil
	return err
}
