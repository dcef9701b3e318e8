// Package scalars holds the GraphQL schema's custom scalars (gqlgen.yml
// binds them). Their refusals are the caller's to fix: a value that is not
// what the scalar holds is BAD_USER_INPUT naming the input field, never an
// INTERNAL error (gqlgen's own scalars answer a plain error, which the
// error presenter cannot tell from a bug).
package scalars

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"importops/internal/apierr"
)

// example is the form shown in messages.
const example = "2027-06-30T00:00:00Z"

// MarshalTime writes t as RFC 3339 with as many fractional digits as it
// has, null for the zero time, as gqlgen's Time does.
func MarshalTime(t time.Time) graphql.ContextMarshaler {
	if t.IsZero() {
		return graphql.Null // which a non-null field reports, as with gqlgen's Time
	}
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, strconv.Quote(t.Format(time.RFC3339Nano)))
		return err
	})
}

// UnmarshalTime reads an RFC 3339 time, such as 2027-06-30T00:00:00Z or
// 2027-06-30T09:30:00.5+02:00. Anything else is BAD_USER_INPUT about the
// input field being read (ctx's path), whether it came as a literal or a
// variable.
func UnmarshalTime(ctx context.Context, v any) (time.Time, error) {
	field := fieldName(ctx)
	s, ok := v.(string)
	if !ok {
		return time.Time{}, apierr.Input(field, fmt.Sprintf(
			"%s must be a time written as a string in RFC 3339 form, such as %q", field, example))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t, nil
	}
	return time.Time{}, apierr.Input(field, timeMessage(field, s, err))
}

// timeMessage says what is wrong with s, for the commonest mistakes.
func timeMessage(field, s string, err error) string {
	shown := s
	if len(shown) > 40 {
		shown = shown[:40] + "…"
	}
	var perr *time.ParseError
	switch {
	case s == "":
		return fmt.Sprintf("%s cannot be empty: give a time in RFC 3339 form, such as %q, or leave it out", field, example)
	case isDate(s):
		return fmt.Sprintf("%s needs a time and a zone, not only a date: write %q", field, s+"T00:00:00Z")
	case errors.As(err, &perr) && strings.Contains(perr.Message, "out of range"):
		return fmt.Sprintf("%s %q is not a real date and time (%s): write it in RFC 3339 form, such as %q",
			field, shown, strings.TrimPrefix(perr.Message, ": "), example)
	}
	return fmt.Sprintf("%s must be a time in RFC 3339 form, such as %q, not %q", field, example, shown)
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// fieldName is the input field being read: the last name of ctx's path
// (createApiKey.input.expiresAt gives expiresAt).
func fieldName(ctx context.Context) string {
	path := graphql.GetPath(ctx)
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return "value"
}
