package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"importops/frontend"
	"importops/internal/auth"
	"importops/internal/demo"
	"importops/internal/keycache"
	"importops/internal/lastused"
	"importops/internal/metrics"
	"importops/internal/replicas"
	"importops/internal/server"
	"importops/internal/session"
	"importops/internal/webhooks"
)

// shutdownGrace is how long in-flight requests get after SIGTERM. The final
// last-used flush may then take up to lastused.FinalFlushTimeout (5 s)
// more, which keeps the whole stop within the contract's 10 seconds.
const shutdownGrace = 4 * time.Second

func serve(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` to listen on, host:port (port 0 picks a free one)")
	withDemo := fs.Bool("demo", false, "fill an empty database with demo data")
	var origins, proxies multi
	fs.Var(&origins, "cors-origin", "another `ORIGIN` trusted with cookie-authenticated requests (repeatable)")
	fs.Var(&proxies, "trusted-proxy", "a load balancer's address or `CIDR` whose X-Forwarded-For entry is believed (repeatable)")
	publicURL := fs.String("public-url", "", "the `URL` people use to reach this server, e.g. https://keys.importops.example")
	keyRate := fs.Int("key-rate-limit", 50, "requests per second each API key may make, bursts up to twice that (0 = no limit)")
	orgConcurrency := fs.Int("org-concurrency", 0, "requests one organisation may run at once on this server, each API key or person three quarters of that; more wait their turn (0 = sized to the database pool: 4 on PostgreSQL, 2 on SQLite)")
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus metrics at http://`ADDRESS`/metrics (off unless set)")
	insecureHooks := fs.Bool("allow-insecure-webhooks", false, "let webhooks use http:// and reach loopback and private addresses (development and tests only)")
	hookKey := fs.String("webhook-key-file", "", "a `FILE` holding the key that protects webhook secrets: the base64 of 32 random bytes (without it, webhooks cannot be created)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := fromEnv(fs, os.Getenv); err != nil {
		return err
	}
	netw, err := serveNetwork(proxies, *publicURL, *keyRate)
	if err != nil {
		return err
	}
	if *orgConcurrency < 0 {
		return fmt.Errorf("serve: --org-concurrency must be 0 (sized to the database pool) or a number of requests, not %d", *orgConcurrency)
	}
	for i, o := range origins {
		if origins[i], err = auth.ParseOrigin(o); err != nil {
			return fmt.Errorf("serve: --cors-origin %w", err)
		}
	}
	sealer, err := webhookSealer(*hookKey)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	tuneGC()

	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	showDemo := false
	if *withDemo {
		if showDemo, err = demo.Seed(ctx, db.Client); err != nil {
			return fmt.Errorf("adding demo data: %w", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	// Background work runs until the server has drained, so the final
	// last-used flush sees every request.
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	m := metrics.New(db.SQL)
	recorder := lastused.New(db.Client, log)
	recorder.Observe = m.ObserveFlush
	wg.Go(func() { recorder.Run(bg, lastused.Interval) })
	wg.Go(func() { cleanSessions(bg, session.NewStore(db.Client), log) })
	// The replicas' heartbeats share each key's rate limit; the row goes
	// once this process has drained.
	reps := replicas.New(db.Client, log)
	wg.Go(func() { reps.Run(bg, replicas.Interval) })
	guard := webhooks.Guard{AllowInsecure: *insecureHooks}
	startWebhooks(bg, &wg, db, guard, sealer, log)
	// Verified keys in memory, kept true to revocations and plan changes
	// on every replica (docs/revocation.md).
	keys, follow := keycache.Start(db, reps.ID(), keycache.DefaultSize, log)
	m.WatchKeyLookups(keys.Lookups)
	wg.Go(func() { follow(bg) })

	srv := server.HTTPServer(*addr, server.Handler(server.Config{
		DB: db, CORSOrigins: origins, Log: log, LastUsed: recorder,
		TrustedProxies: netw.proxies, PublicURL: netw.publicURL, KeyRateLimit: *keyRate,
		OrgConcurrency: *orgConcurrency,
		Replicas:       reps, Metrics: m, WebhookGuard: guard, WebhookSealer: sealer,
		KeyCache: keys,
	}))
	announce(stdout, ln.Addr().String(), showDemo)
	if *metricsAddr != "" {
		stopMetrics, err := metricsListener(*metricsAddr, m, stdout, log)
		if err != nil {
			ln.Close()
			stopBG()
			wg.Wait()
			return err
		}
		defer stopMetrics(context.WithoutCancel(ctx))
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopBG()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(drain); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("shutting down", "err", err)
	}
	stopBG()
	wg.Wait()
	log.Info("stopped")
	return nil
}

// tuneGC makes the garbage collector run less often than Go's default
// (a collection each time the heap doubles), unless GOGC or GOMEMLIMIT say
// otherwise. The server's live heap is a few MiB and every request
// allocates about 90 KB, so under load the default collected back to
// back. With GOGC at 800 the heap grows under load until the 64 MiB soft
// limit, not a multiple of the live heap, starts the collection: fewer
// collections (the collector took 6 % of the server's CPU in the load run
// with 400; docs/performance.md) for a peak of 63 to 70 MiB, within the
// 100 MiB the server may use. A live heap that grows towards the limit makes the
// collector run more often, not the process grow past it.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}

func announce(w io.Writer, addr string, showDemo bool) {
	fmt.Fprintf(w, "ImportOps is listening on http://%s\n", addr)
	if !frontend.Built() {
		fmt.Fprintln(w, "The settings page is not built into this binary: run `make build` to include it.")
	}
	if showDemo {
		fmt.Fprintf(w, "Demo sign-in: %s / %s (a member: %s, same password)\n",
			demo.AdminEmail, demo.Password, demo.MemberEmail)
	}
}

// cleanSessions deletes ended sessions every hour.
func cleanSessions(ctx context.Context, store *session.Store, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := store.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("deleting ended sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
