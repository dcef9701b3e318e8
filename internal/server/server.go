// Package server assembles the HTTP service: /graphql behind
// authentication, /healthz, and the embedded single-page app for every
// other path.
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
	"importops/internal/lastused"
	"importops/internal/reqlog"
	"importops/internal/session"
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
	// RequestTimeout is how long a /graphql request may run;
	// 0 means DefaultRequestTimeout (10 seconds).
	RequestTimeout time.Duration
	// FairShare is how many requests one organisation and one caller may
	// run at once; nil sizes it to the database pool (see fairShare).
	FairShare *fairshare.Limits
}

// Handler returns the service's HTTP handler.
func Handler(cfg Config) http.Handler {
	keys := apikey.NewService(cfg.DB)
	origins := auth.NewOrigins(cfg.CORSOrigins)
	authn := auth.New(cfg.DB.Client, keys, session.NewStore(cfg.DB.Client), cfg.LastUsed, origins, cfg.Log)
	gql := newGraphQL(&graph.Resolver{DB: cfg.DB, Keys: keys, Auth: authn}, cfg.Log)

	mux := http.NewServeMux()
	share := fairshare.New(cmp.Or(cfg.FairShare, fairShare(cfg.DB)))
	mux.Handle("/graphql", withDeadline(cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		corsFor(origins).Handler(authn.Middleware(share.Middleware(withMethod(gql))))))
	mux.Handle("GET /healthz", health(cfg.DB))
	mux.Handle("/", spa())
	return reqlog.Middleware(cfg.Log, limitBody(mux))
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
// so no handler ever sees a truncated one.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			tooLarge(w)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				tooLarge(w)
				return
			}
			if err != nil {
				http.Error(w, "could not read the request body", http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter) {
	http.Error(w, "request body too large (the limit is 1 MiB)", http.StatusRequestEntityTooLarge)
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
