// Package apierr holds the errors that callers of the API see: each has a
// machine-readable code (extensions.code) and a message written for the
// person reading it. Anything that is not an *Error reaches the client as
// INTERNAL, with the detail kept for the log.
package apierr

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Code is the value of extensions.code. The names are fixed by the contract.
type Code string

const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	PlanRequired    Code = "PLAN_REQUIRED"
	CSRF            Code = "CSRF"
	RateLimited     Code = "RATE_LIMITED"
	Unavailable     Code = "UNAVAILABLE"
	Internal        Code = "INTERNAL"
	// Timeout: the request ran into the server's time limit (10 seconds,
	// database time included) and was stopped. HTTP 503 with Retry-After.
	Timeout Code = "TIMEOUT"
)

// Error is an error meant for the API's caller.
type Error struct {
	Code    Code
	Message string
	// Field names the input field at fault (BAD_USER_INPUT), e.g. "expiresAt",
	// so a form can show the message next to it.
	Field string
	// RetryAfter is set on RATE_LIMITED errors.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

// New returns an error with code and message.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Newf is New with a format.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Input returns a BAD_USER_INPUT error about one input field.
func Input(field, message string) *Error {
	return &Error{Code: BadUserInput, Message: message, Field: field}
}

// TimedOut is the error of a request stopped by the time limit. Asking for
// the same again at once would most likely be stopped again, hence a wait
// as long as the limit.
func TimedOut(limit time.Duration) *Error {
	return &Error{
		Code: Timeout,
		Message: fmt.Sprintf("This request took longer than %s and was stopped: "+
			"ask for fewer items (a smaller first, fewer aliases or fields) and try again", seconds(limit)),
		RetryAfter: limit,
	}
}

func seconds(d time.Duration) string {
	if d == time.Second {
		return "1 second"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " seconds"
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HTTPStatus is the status of a response refusing the request as a whole
// with this code (authentication, CSRF, origins, rate limits, an
// unreachable database). Errors of single fields keep GraphQL's 200.
func (c Code) HTTPStatus() int {
	switch c {
	case Unauthenticated:
		return http.StatusUnauthorized
	case Forbidden, PlanRequired, CSRF:
		return http.StatusForbidden
	case RateLimited:
		return http.StatusTooManyRequests
	case Unavailable, Timeout:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
