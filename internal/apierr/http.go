package apierr

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// body is the GraphQL-shaped error response, used where a request is
// refused before GraphQL runs (authentication, CSRF, origins, rate limits).
type body struct {
	Errors []wireError `json:"errors"`
}

type wireError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// Extensions returns e's extensions object.
func (e *Error) Extensions() map[string]any {
	ext := map[string]any{"code": string(e.Code)}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	return ext
}

// RetryAfterSeconds is a wait in whole seconds, rounded up and at least
// one: waiting as long as the header says must be enough.
func RetryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// WriteHTTP answers a whole request with e and the status its code implies.
func WriteHTTP(w http.ResponseWriter, e *Error) {
	WriteHTTPStatus(w, e.Code.HTTPStatus(), e)
}

// WriteHTTPStatus answers a whole request with e and status: for refusals
// of the request's transport (405, 413, 415), whose status says more than
// the code.
func WriteHTTPStatus(w http.ResponseWriter, status int, e *Error) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	switch e.Code {
	case Unauthenticated:
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	case RateLimited, Timeout:
		h.Set("Retry-After", strconv.Itoa(RetryAfterSeconds(e.RetryAfter)))
	}
	// Encoded first, so that the answer goes out with its length, in one
	// piece, rather than chunked.
	b, _ := json.Marshal(body{Errors: []wireError{{Message: e.Message, Extensions: e.Extensions()}}})
	b = append(b, '\n')
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
