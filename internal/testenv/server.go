package testenv

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"importops/internal/database"
	"importops/internal/fairshare"
	"importops/internal/lastused"
	"importops/internal/metrics"
	"importops/internal/server"
)

// Env is the real HTTP handler serving one test database on loopback.
type Env struct {
	T   testing.TB
	DB  *database.DB
	URL string // the server's base URL, e.g. http://127.0.0.1:12345
	// Handler is what URL serves, for benchmarks that call it directly.
	Handler  http.Handler
	LastUsed *lastused.Recorder
	Metrics  *metrics.Metrics
	// Webhooks is what the server was given to create webhooks with, for
	// the tests' delivery workers (see StartWebhooks).
	Webhooks webhookSetup
	// Statements holds what each request sent, with CountStatements.
	Statements *Statements
	logs       *syncBuffer
	running    *atomic.Int64 // requests being served
}

// Options change what New builds.
type Options struct {
	CORSOrigins    []string
	TrustedProxies []netip.Prefix
	PublicURL      string
	// KeyRateLimit is off (0) unless a test sets it.
	KeyRateLimit int
	// RequestTimeout shortens the 10-second limit on a request.
	RequestTimeout time.Duration
	// FairShare replaces the per-organisation limits sized to the pool.
	FairShare *fairshare.Limits
	// AllowInsecureWebhooks is serve --allow-insecure-webhooks: tests'
	// receivers listen on loopback over http.
	AllowInsecureWebhooks bool
	// CountStatements records the statements of each request (Statements).
	CountStatements bool
}

// New serves a database at url (see ForEachDB) with the real handler.
func New(t testing.TB, url string, opts ...Options) *Env {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db := Open(t, url)
	var stmts *Statements
	if o.CountStatements {
		db.Client, stmts = countStatements(database.NewDriver(db.Dialect, db.SQL))
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	rec := lastused.New(db.Client, log)
	m := metrics.New(db.SQL)
	rec.Observe = m.ObserveFlush
	hooks := newWebhookSetup(t, o.AllowInsecureWebhooks)
	h := server.Handler(server.Config{
		DB: db, CORSOrigins: o.CORSOrigins, Log: log, LastUsed: rec, Metrics: m,
		TrustedProxies: o.TrustedProxies, PublicURL: o.PublicURL, KeyRateLimit: o.KeyRateLimit,
		RequestTimeout: o.RequestTimeout, FairShare: o.FairShare,
		WebhookGuard: hooks.Guard, WebhookSealer: hooks.Sealer,
	})
	running := new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		running.Add(1)
		defer running.Add(-1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &Env{T: t, DB: db, URL: srv.URL, Handler: h, LastUsed: rec, Metrics: m, Webhooks: hooks, Statements: stmts, logs: logs, running: running}
}

// Logs returns everything the server has logged so far, once the requests
// in flight are done (for at most a second). A request's log line follows
// its response (the log says whether it was delivered), so a client can
// have its answer a moment before the line is written.
func (e *Env) Logs() string {
	for deadline := time.Now().Add(time.Second); e.running.Load() > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	return e.logs.String()
}

// FlushLastUsed writes pending last-used times now, as the periodic flush
// would.
func (e *Env) FlushLastUsed() {
	e.T.Helper()
	if err := e.LastUsed.Flush(context.Background()); err != nil {
		e.T.Fatalf("flushing last-used times: %v", err)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ io.Writer = (*syncBuffer)(nil)
