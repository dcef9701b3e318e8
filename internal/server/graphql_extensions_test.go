package server

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// Plain fields are marshalled without the field interceptors
// (internal/plainfield): they cannot fail, so an interceptor that acts
// on errors alone loses nothing. One that does more (tracing, field
// metrics, rewriting values) would silently miss them; adding one must
// revisit plainfield first.
func TestFieldInterceptorsActOnErrorsOnly(t *testing.T) {
	for _, ext := range extensions() {
		fi, ok := ext.(graphql.FieldInterceptor)
		if !ok {
			continue
		}
		if _, known := ext.(timeouts); !known {
			t.Errorf("%s intercepts fields, which plain fields skip: see internal/plainfield", ext.ExtensionName())
			continue
		}
		calls := 0
		res, err := fi.InterceptField(context.Background(), func(context.Context) (any, error) {
			calls++
			return "vin", nil
		})
		if calls != 1 || res != "vin" || err != nil {
			t.Errorf("%s changed a field that did not fail: %v, %v after %d calls", ext.ExtensionName(), res, err, calls)
		}
	}
}
