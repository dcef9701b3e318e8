package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"importops/internal/apierr"
	"importops/internal/database"
)

// DefaultRequestTimeout is how long a /graphql request may run on the
// server, authentication and database time included (Config.RequestTimeout
// changes it, for tests). On PostgreSQL each statement is also stopped by
// the database after database.StatementTimeout, the same 10 seconds.
const DefaultRequestTimeout = 10 * time.Second

// requestDeadline is the cause of a request's context ending at its limit,
// which tells it apart from other deadlines (a connection attempt that
// timed out is the database being unavailable, not the request too long).
type requestDeadline struct{ limit time.Duration }

func (d *requestDeadline) Error() string {
	return "the request ran into its limit of " + d.limit.String()
}

type timedOutKey struct{}

// withDeadline gives each request limit to run. What the request still
// waits for when it passes (a query, a turn, a lock) is cancelled, and the
// answer is TIMEOUT, HTTP 503 with Retry-After (see timeouts).
func withDeadline(limit time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeoutCause(r.Context(), limit, &requestDeadline{limit})
		defer cancel()
		flag := new(atomic.Pointer[apierr.Error]) // set by timeoutError
		ctx = context.WithValue(ctx, timedOutKey{}, flag)
		next.ServeHTTP(&timeoutWriter{ResponseWriter: w, timedOut: flag}, r.WithContext(ctx))
	})
}

// timeoutError is the TIMEOUT error err stands for, or nil: the request's
// deadline has passed, whatever err says (a cancelled PostgreSQL query,
// an interrupted SQLite statement, the context's own error), or
// PostgreSQL stopped the statement at its statement_timeout. Without it
// these were INTERNAL or UNAVAILABLE, and logged as errors. The error
// presenter asks it of every resolver's error (presenter). It marks the
// request, so that its response is a 503.
func timeoutError(ctx context.Context, err error) *apierr.Error {
	var d *requestDeadline
	var e *apierr.Error
	switch {
	case errors.As(context.Cause(ctx), &d):
		e = apierr.TimedOut(d.limit)
	case database.IsTimeout(err):
		e = apierr.TimedOut(database.StatementTimeout)
	default:
		return nil
	}
	if flag, ok := ctx.Value(timedOutKey{}).(*atomic.Pointer[apierr.Error]); ok {
		flag.CompareAndSwap(nil, e)
	}
	return e
}

// timeoutWriter turns the 200 of a GraphQL response that holds a TIMEOUT
// error into a 503 with Retry-After: the request as a whole was stopped.
// (The resolvers run concurrently, hence the atomic flag rather than the
// request log's entry.)
type timeoutWriter struct {
	http.ResponseWriter
	timedOut    *atomic.Pointer[apierr.Error]
	wroteHeader bool
}

func (w *timeoutWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		if e := w.timedOut.Load(); e != nil && code == http.StatusOK {
			code = e.Code.HTTPStatus()
			w.Header().Set("Retry-After", strconv.Itoa(apierr.RetryAfterSeconds(e.RetryAfter)))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *timeoutWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *timeoutWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
