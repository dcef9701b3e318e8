package apierr

import (
	"context"
	"errors"
	"fmt"

	"importops/ent"
	"importops/internal/database"
)

// Public turns any error into the one its caller may see. The bool is true
// when err was not meant for the caller (INTERNAL), so its detail must be
// logged with the request id instead.
func Public(err error, requestID string) (*Error, bool) {
	if e, ok := As(err); ok {
		return e, false
	}
	var verr *ent.ValidationError
	switch {
	case errors.As(err, &verr):
		return Input(fieldName(verr.Name), validatorMessage(verr)), false
	case ent.IsNotFound(err):
		return New(NotFound, "Not found"), false
	case database.IsTimeout(err):
		// Before IsUnavailable, which takes a deadline for an outage.
		return TimedOut(database.StatementTimeout), false
	case errors.Is(err, context.Canceled):
		// The request was stopped before it finished: its client went
		// away (and will not read this), or the server is stopping.
		return New(Unavailable, "The request was cancelled before it finished: please send it again"), false
	case database.IsUnavailable(err):
		return New(Unavailable, "The database is unreachable right now: please try again in a moment"), false
	}
	return New(Internal, fmt.Sprintf(
		"Something went wrong on our side. If it keeps happening, contact support with request id %s", requestID)), true
}

// validatorMessage is the schema validator's own message, written for
// people: ent wraps it as `ent: validator failed for field "T.f": <message>`.
func validatorMessage(verr *ent.ValidationError) string {
	err := verr.Unwrap()
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return err.Error()
}

// fieldName maps ent's field names (expires_at) to GraphQL's (expiresAt).
func fieldName(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+1 < len(s) {
			i++
			out = append(out, s[i]-'a'+'A')
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
