package database

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"

	"github.com/lib/pq"
)

// stmtCacheSize bounds the prepared statements kept per connection. ent
// writes a few dozen distinct statements; eager loads with IN lists of
// varying length add more, which the least recently used then make room for.
const stmtCacheSize = 100

// openPostgres opens a PostgreSQL pool whose connections prepare each
// statement once and then reuse it.
//
// By default lib/pq runs every query with arguments as an unnamed
// statement, in two round trips (Parse and Describe, wait, then Bind and
// Execute, wait), and PostgreSQL parses and plans it again each time: for
// the short queries of a request (the key's lookup, a page, its count)
// that costs more than running them. A prepared statement takes one round
// trip (Bind and Execute), and PostgreSQL reuses its parse tree.
//
// It reuses the parse, not the plan: the connections run with
// plan_cache_mode=force_custom_plan (unless the URL sets it), so each
// execution is planned for its actual values. A generic plan, which
// PostgreSQL would otherwise adopt after five executions, cannot tell a
// small organisation from a large one: for the first page of keys of an
// organisation with 10,000 of a million keys it walked the primary key
// backwards through the other organisations' rows (150 ms instead of 0.1).
//
// The exception is a statement whose context says GenericPlans: a test
// shows that its generic plan serves a very large and a very small
// organisation alike, and it runs with PostgreSQL's default (auto), which
// plans it once and reuses the plan.
//
// Each statement is stopped after statementTimeout (unless the URL sets
// statement_timeout itself; migrationStatementTimeout always wins): see
// StatementTimeout.
func openPostgres(dsn string, statementTimeout time.Duration) (*sql.DB, error) {
	cfg, err := pq.NewConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	_, chosen := cfg.Runtime["plan_cache_mode"]
	if !chosen {
		cfg.Runtime["plan_cache_mode"] = customPlans
	}
	if _, set := cfg.Runtime["statement_timeout"]; !set || statementTimeout == migrationStatementTimeout {
		cfg.Runtime["statement_timeout"] = strconv.FormatInt(statementTimeout.Milliseconds(), 10)
	}
	c, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(cachingConnector{Connector: c, switchPlans: !chosen}), nil
}

// The plan cache modes a connection switches between (see planFor).
const (
	customPlans  = "force_custom_plan"
	genericPlans = "auto"
)

type genericKey struct{}

// GenericPlans marks the PostgreSQL statements run with the returned
// context as safe to run with a plan PostgreSQL reuses across executions.
// Only for a statement a test proves safe: TestPostgresVehiclesPageGenericPlan
// (internal/server) does it for the vehicles page. Statements in a
// transaction always run with custom plans; SQLite ignores the mark.
func GenericPlans(ctx context.Context) context.Context {
	return context.WithValue(ctx, genericKey{}, true)
}

// StatementTimeout stops any one PostgreSQL statement that runs longer, on
// the server itself: a request's own deadline (see internal/server) stops
// what the service waits for, and this stops what the database works on
// even when nothing waits any more. It is the request's limit, 10 seconds.
const StatementTimeout = 10 * time.Second

// migrationStatementTimeout is none: migrations may take as long as they
// need (see migrate).
const migrationStatementTimeout time.Duration = 0

type cachingConnector struct {
	*pq.Connector
	// switchPlans is false when the URL chose plan_cache_mode itself:
	// the operator's choice then holds for every statement.
	switchPlans bool
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, &ConnectError{Err: err} // 503, whatever the cause (unavailable.go)
	}
	pc, ok := conn.(pqConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("lib/pq's connection (%T) lacks a method database/sql uses", conn)
	}
	cc := &cachingConn{pqConn: pc, stmts: map[string]*list.Element{}, lru: list.New()}
	if c.switchPlans {
		cc.mode = customPlans
	}
	return cc, nil
}

// pqConn is every interface of lib/pq's connection that database/sql
// looks for, so that cachingConn, which embeds it, offers them all.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// pqStmt is what lib/pq's prepared statements offer.
type pqStmt interface {
	driver.Stmt
	driver.StmtQueryContext
	driver.StmtExecContext
}

type cachedStmt struct {
	query string
	stmt  pqStmt
}

// cachingConn runs queries with arguments through prepared statements it
// keeps, least recently used first out. database/sql uses a connection
// from one goroutine at a time, so it needs no lock.
type cachingConn struct {
	pqConn
	stmts map[string]*list.Element // of *cachedStmt
	lru   *list.List               // most recently used at the front
	// mode is the session's plan_cache_mode, "" when it is not switched.
	mode string
	inTx bool
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) == 0 {
		// lib/pq's simple protocol: one round trip, nothing to prepare.
		return c.pqConn.QueryContext(ctx, query, args)
	}
	st, err := c.prepared(ctx, query)
	if err == nil {
		err = c.planFor(ctx)
	}
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args)
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) == 0 {
		return c.pqConn.ExecContext(ctx, query, args)
	}
	st, err := c.prepared(ctx, query)
	if err == nil {
		err = c.planFor(ctx)
	}
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args)
}

// planFor sets the session's plan cache mode for a statement run with
// ctx, when it is not the one set already: one more round trip when a
// connection goes from one kind of statement to the other. A SET in a
// transaction would be undone by its rollback, so statements in one keep
// the custom plans that BeginTx set.
func (c *cachingConn) planFor(ctx context.Context) error {
	if c.mode == "" || c.inTx {
		return nil
	}
	want := customPlans
	if ctx.Value(genericKey{}) != nil {
		want = genericPlans
	}
	return c.setPlans(ctx, want)
}

func (c *cachingConn) setPlans(ctx context.Context, mode string) error {
	if c.mode == "" || c.mode == mode {
		return nil
	}
	if _, err := c.pqConn.ExecContext(ctx, "SET plan_cache_mode = "+mode, nil); err != nil {
		return err
	}
	c.mode = mode
	return nil
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.setPlans(ctx, customPlans); err != nil {
		return nil, err
	}
	tx, err := c.pqConn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return &endingTx{Tx: tx, conn: c}, nil
}

// endingTx notes on its connection when the transaction ends.
type endingTx struct {
	driver.Tx
	conn *cachingConn
}

func (t *endingTx) Commit() error {
	t.conn.inTx = false
	return t.Tx.Commit()
}

func (t *endingTx) Rollback() error {
	t.conn.inTx = false
	return t.Tx.Rollback()
}

// prepared returns the connection's statement for query, preparing it the
// first time.
func (c *cachingConn) prepared(ctx context.Context, query string) (pqStmt, error) {
	if e, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	if c.lru.Len() >= stmtCacheSize {
		oldest := c.lru.Back()
		old := oldest.Value.(*cachedStmt)
		c.lru.Remove(oldest)
		delete(c.stmts, old.query)
		if err := old.stmt.Close(); err != nil {
			return nil, err
		}
	}
	s, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st, ok := s.(pqStmt)
	if !ok {
		s.Close()
		return nil, fmt.Errorf("lib/pq's statement (%T) lacks a method database/sql uses", s)
	}
	c.stmts[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: st})
	return st, nil
}
