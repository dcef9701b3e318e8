// Package reqlog gives every request an id and logs one structured line
// when it ends: method, path, status, duration, request id, and the key
// prefix when an API key was used. It never logs headers, bodies or query
// strings, where tokens, passwords and cookies travel. A request whose
// answer never reached its client is logged as abandoned (StatusAbandoned).
package reqlog

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
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
	// KeyOutcome is how the request's API key fared (ok, malformed,
	// unknown, revoked, expired, plan, address, rate_limited), for the metrics; set
	// before GraphQL runs.
	KeyOutcome string

	// mu guards the fields below and Status and RetryAfter when set with
	// SetStatus, from resolvers that run concurrently.
	mu        sync.Mutex
	operation string // the GraphQL root field, or "multiple"
	code      string // the first error's code
	limit     string // the limit that refused the request
}

// SetOperation names what the request asked for, for the metrics.
func (e *Entry) SetOperation(op string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.operation = op
}

// Operation is what SetOperation set, or "".
func (e *Entry) Operation() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.operation
}

// NoteError records the code of an error in the answer; the first one
// counts.
func (e *Entry) NoteError(code apierr.Code) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.code == "" {
		e.code = string(code)
	}
}

// Code is the first error's code, or "" when the answer had none.
func (e *Entry) Code() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.code
}

// SetLimit names the limit that refused the request (invalid_keys,
// sign_in, key_rate, fair_share).
func (e *Entry) SetLimit(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.limit = name
}

// Limit is what SetLimit set, or "".
func (e *Entry) Limit() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.limit
}

// Summary is a finished request, for an observer (the metrics).
type Summary struct {
	Method, Path string
	Status       int // as logged: StatusAbandoned when abandoned
	Duration     time.Duration
	Entry        *Entry
}

// WriteError answers the whole request with e, as apierr.WriteHTTP does,
// and notes its code for the metrics.
func WriteError(w http.ResponseWriter, r *http.Request, e *apierr.Error) {
	FromContext(r.Context()).NoteError(e.Code)
	apierr.WriteHTTP(w, e)
}

// SetStatus sets Status and RetryAfter; resolvers running concurrently
// may call it at once.
func (e *Entry) SetStatus(status int, retryAfter time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Status, e.RetryAfter = status, retryAfter
}

func (e *Entry) override() (int, time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.Status, e.RetryAfter
}

type entryKey struct{}

// FromContext returns the request's entry; never nil inside Middleware.
func FromContext(ctx context.Context) *Entry {
	if e, ok := ctx.Value(entryKey{}).(*Entry); ok {
		return e
	}
	return &Entry{}
}

// StatusAbandoned is the status logged for a request whose response did
// not reach its client: the client went away before the answer (its
// connection closed, so the request's context was cancelled), or writing
// the answer failed (a connection reset, or the server's WriteTimeout
// cutting a slow request off). nginx's "client closed request"; no client
// ever receives it. Such lines also say "abandoned": true, "reason" and,
// when a status had been sent or was about to be, "sent_status".
const StatusAbandoned = 499

// Middleware wraps next with the request id and the log line: one line per
// request, at INFO, abandoned ones included. Each observer is told of every
// finished request.
func Middleware(log *slog.Logger, next http.Handler, observers ...func(Summary)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		e := &Entry{ID: rand.Text()[:16]}
		w.Header().Set("X-Request-Id", e.ID)
		rw := &writer{ResponseWriter: w, entry: e}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), entryKey{}, e)))
		// Whether the client had gone before the handler was done: read
		// now, before finish pushes the answer out, after which a client
		// that has its answer may close the connection at any moment.
		gone := errors.Is(r.Context().Err(), context.Canceled)
		reason := rw.finish(gone)
		status := rw.statusOr200()
		if reason != "" {
			status = StatusAbandoned
		}
		took := time.Since(start)
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.String("request_id", e.ID),
		}
		if e.KeyPrefix != "" {
			attrs = append(attrs, slog.String("key_prefix", e.KeyPrefix))
		}
		if reason != "" {
			attrs = append(attrs, slog.Bool("abandoned", true), slog.String("reason", reason))
			if rw.status != 0 {
				attrs = append(attrs, slog.Int("sent_status", rw.status))
			}
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
		for _, observe := range observers {
			observe(Summary{Method: r.Method, Path: r.URL.Path, Status: status, Duration: took, Entry: e})
		}
	})
}

// finish pushes the response out, so that a failure to deliver it shows
// here rather than silently after the handler (a small answer waits in the
// server's buffers until then), and says why the response did not reach
// the client, or "" if it did.
func (w *writer) finish(clientGone bool) string {
	if w.writeErr == nil && w.status != 0 {
		err := http.NewResponseController(w.ResponseWriter).Flush()
		if err != nil && !errors.Is(err, http.ErrNotSupported) {
			w.writeErr = err
		}
	}
	switch {
	case w.writeErr != nil && isTimeout(w.writeErr):
		return "write timed out"
	case w.writeErr != nil:
		return "write failed"
	case clientGone:
		// The server cancels a request's context while its handler runs
		// only when the client's connection closes.
		return "client went away"
	}
	return ""
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &t) && t.Timeout())
}

// writer records the status and applies Entry.Status, and remembers a
// failure to write.
type writer struct {
	http.ResponseWriter
	entry    *Entry
	status   int
	writeErr error
}

func (w *writer) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	if status, retryAfter := w.entry.override(); code == http.StatusOK && status != 0 {
		code = status
		if retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(apierr.RetryAfterSeconds(retryAfter)))
		}
	}
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	if err != nil && w.writeErr == nil {
		w.writeErr = err
	}
	return n, err
}

func (w *writer) statusOr200() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
