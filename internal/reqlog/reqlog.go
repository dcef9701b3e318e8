// Package reqlog gives every request an id and logs one structured line
// when it ends: method, path, status, duration, request id, and the key
// prefix when an API key was used. It never logs headers, bodies or query
// strings, where tokens, passwords and cookies travel.
package reqlog

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"importops/internal/apierr"
)

// Entry is what is known about a request while it runs.
type Entry struct {
	ID string
	// KeyPrefix is set by authentication when an API key is used.
	KeyPrefix string
	// Status, when set before the response starts, replaces a 200: GraphQL
	// answers 200 by default, but an unreachable database (503) or a rate
	// limit (429) concern the whole request.
	Status int
	// RetryAfter goes with a 429 Status, as the Retry-After header.
	RetryAfter time.Duration
}

type entryKey struct{}

// FromContext returns the request's entry; never nil inside Middleware.
func FromContext(ctx context.Context) *Entry {
	if e, ok := ctx.Value(entryKey{}).(*Entry); ok {
		return e
	}
	return &Entry{}
}

// Middleware wraps next with the request id and the log line.
func Middleware(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		e := &Entry{ID: rand.Text()[:16]}
		w.Header().Set("X-Request-Id", e.ID)
		rw := &writer{ResponseWriter: w, entry: e}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), entryKey{}, e)))
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rw.statusOr200()),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", e.ID),
		}
		if e.KeyPrefix != "" {
			attrs = append(attrs, slog.String("key_prefix", e.KeyPrefix))
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}

// writer records the status and applies Entry.Status.
type writer struct {
	http.ResponseWriter
	entry  *Entry
	status int
}

func (w *writer) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	if code == http.StatusOK && w.entry.Status != 0 {
		code = w.entry.Status
		if w.entry.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(apierr.RetryAfterSeconds(w.entry.RetryAfter)))
		}
	}
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *writer) statusOr200() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
