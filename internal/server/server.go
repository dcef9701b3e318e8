// Package server assembles the HTTP service: /graphql behind
// authentication, /healthz, /api/leaked-keys for secret scanners, and the
// embedded single-page app for every other path.
package server

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/rs/cors"

	"importops/graph"
	"importops/internal/apikey"
	"importops/internal/auth"
	"importops/internal/database"
	"importops/internal/fairshare"
	"importops/internal/keycache"
	"importops/internal/keyrate"
	"importops/internal/lastused"
	"importops/internal/leaks"
	"importops/internal/metrics"
	"importops/internal/reqlog"
	"importops/internal/session"
	"importops/internal/webhooks"
)

// maxBody bounds a request body; GraphQL requests are small.
const maxBody = 1 << 20

// Config is what the server needs.
type Config struct {
	DB *database.DB
	// CORSOrigins are other origins trusted with cookie-authenticated
	// requests (the ImportOps web app), as "scheme://host[:port]".
	CORSOrigins []string
	Log         *slog.Logger
	LastUsed    *lastused.Recorder
	// TrustedProxies are the load balancers whose X-Forwarded-For entry
	// names the client (serve --trusted-proxy); every other peer is the
	// client itself.
	TrustedProxies []netip.Prefix
	// PublicURL is the origin people reach the server at behind a balancer
	// (serve --public-url), "" if none: its host is one the server answers
	// to.
	PublicURL string
	// KeyRateLimit is each API key's requests per second (bursts up to
	// twice that); 0 means no limit.
	KeyRateLimit int
	// Replicas counts the processes sharing KeyRateLimit
	// (*replicas.Registry); nil means this process alone.
	Replicas keyrate.Counter
	// KeyCache keeps verified keys in memory (keycache.Start); nil reads
	// every key from the database.
	KeyCache *keycache.Cache
	// Metrics counts requests (serve --metrics-addr); nil counts nothing.
	Metrics *metrics.Metrics
	// RequestTimeout is how long a /graphql request may run;
	// 0 means DefaultRequestTimeout (10 seconds).
	RequestTimeout time.Duration
	// OrgConcurrency is how many requests one organisation may run at once
	// (serve --org-concurrency); 0 sizes it to the database pool (see
	// fairShare).
	OrgConcurrency int
	// FairShare, for tests, sets every fair-share limit; nil derives them
	// from OrgConcurrency.
	FairShare *fairshare.Limits
	// WebhookGuard says where webhooks may point (serve
	// --allow-insecure-webhooks); WebhookSealer protects their secrets,
	// and is nil when the server has no webhook key (serve
	// --webhook-key-file): creating a webhook is then refused.
	WebhookGuard  webhooks.Guard
	WebhookSealer *webhooks.Sealer
}

// Handler returns the service's HTTP handler.
func Handler(cfg Config) http.Handler {
	keys := apikey.NewService(cfg.DB).WithCache(cfg.KeyCache)
	origins := auth.NewOrigins(cfg.CORSOrigins)
	authn := auth.New(cfg.DB.Client, keys, session.NewStore(cfg.DB.Client), cfg.LastUsed, origins, cfg.Log,
		auth.Network{TrustedProxies: cfg.TrustedProxies, PublicURL: cfg.PublicURL})
	hooks := &webhooks.Service{DB: cfg.DB, Guard: cfg.WebhookGuard, Sealer: cfg.WebhookSealer}
	gql := newGraphQL(&graph.Resolver{DB: cfg.DB, Keys: keys, Auth: authn, Hooks: hooks}, cfg.Log)

	// /graphql answers everything, refusals included, in GraphQL's JSON
	// with a code: its headers first, then CORS (so that a browser can read
	// the refusals), then the transport and body checks, then
	// authentication.
	// After authentication, a key's rate limit, then the organisation's
	// and the caller's share of concurrent requests. The deadline covers
	// all of it. gqlgen's answer goes out whole, with its length.
	keyLimit := keyrate.Middleware(keyrate.New(keyrate.Options{}), keyrate.Policy{PerSecond: cfg.KeyRateLimit, Replicas: cfg.Replicas})
	share := fairshare.New(cmp.Or(cfg.FairShare, fairShare(cfg.DB, cfg.OrgConcurrency)))
	api := withDeadline(cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		apiHeaders(corsFor(origins).Handler(graphqlTransport(
			limitBody(authn.Middleware(keyLimit(share.Middleware(withMethod(wholeBody(gql))))), refuse)))))

	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /healthz", health(cfg.DB))
	// Secret scanners' reports: public, with its own bounds and refusals.
	mux.Handle(leaks.Path, leaks.New(keys, cfg.TrustedProxies, cfg.Log))
	mux.Handle("/", limitBody(spa(), refuseBodyText))
	return reqlog.Middleware(cfg.Log, mux, cfg.Metrics.ObserveRequest)
}

// corsFor allows the configured origins, with credentials, and no others:
// an origin that is not configured is never reflected. (rs/cors treats an
// empty AllowedOrigins as "*", hence the function.)
func corsFor(o *auth.Origins) *cors.Cors {
	trusted := o.List()
	return cors.New(cors.Options{
		AllowOriginFunc:  func(origin string) bool { return slices.Contains(trusted, origin) },
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type", auth.CSRFHeader},
		ExposedHeaders:   []string{auth.CSRFHeader},
		AllowCredentials: true,
		MaxAge:           600,
	})
}

// limitBody answers 413 to a body over maxBody, whether it declares its
// length or not: it reads the (small) body first, through MaxBytesReader,
// so no handler ever sees a truncated one. refusal writes the answer: 413
// when the body is too large, 400 when it cannot be read.
func limitBody(next http.Handler, refusal func(w http.ResponseWriter, r *http.Request, status int, message string)) http.Handler {
	const tooLarge = "Request body too large: the limit is 1 MiB"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			refusal(w, r, http.StatusRequestEntityTooLarge, tooLarge)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				refusal(w, r, http.StatusRequestEntityTooLarge, tooLarge)
				return
			}
			if err != nil {
				refusal(w, r, http.StatusBadRequest, "Could not read the request body: send it whole, with a correct Content-Length or chunked encoding")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// refuseBodyText is the page's body refusal, in plain text.
func refuseBodyText(w http.ResponseWriter, _ *http.Request, status int, message string) {
	http.Error(w, message, status)
}

func health(db *database.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := db.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unreachable\n"))
			return
		}
		w.Write([]byte("ok\n"))
	})
}

// HTTPServer returns an http.Server with timeouts set, so slow or idle
// clients cannot hold connections open forever.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
