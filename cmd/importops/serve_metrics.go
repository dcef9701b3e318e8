package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"importops/internal/metrics"
)

// metricsListener serves /metrics on an address of its own (serve
// --metrics-addr), kept off the public listener: what it tells (request
// rates, refusals, the pool) is for the operator's scraper, not the
// internet. It returns the function that stops it.
func metricsListener(addr string, m *metrics.Metrics, stdout io.Writer, log *slog.Logger) (func(context.Context), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("serve: --metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serving metrics", "err", err)
		}
	}()
	fmt.Fprintf(stdout, "Metrics are served on http://%s/metrics\n", ln.Addr())
	return func(ctx context.Context) { srv.Shutdown(ctx) }, nil
}
