package server

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/internal/apierr"
	"importops/internal/reqlog"
)

// getQueriesOnly refuses mutations sent with GET, which a link or an image
// tag could trigger. gqlgen's GET transport refuses them too, but with an
// error that has no code; this answers first, through the error presenter.
type getQueriesOnly struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = getQueriesOnly{}

func (getQueriesOnly) ExtensionName() string                   { return "GETQueriesOnly" }
func (getQueriesOnly) Validate(graphql.ExecutableSchema) error { return nil }

func (getQueriesOnly) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if method(ctx) == http.MethodGet && rc.Operation != nil && rc.Operation.Operation != ast.Query {
		reqlog.FromContext(ctx).Status = http.StatusMethodNotAllowed
		return &gqlerror.Error{
			Message:    "Mutations must be sent with POST, not GET",
			Extensions: map[string]any{"code": string(apierr.BadUserInput)},
		}
	}
	return nil
}

type methodKey struct{}

// withMethod lets GraphQL extensions see the request's HTTP method.
func withMethod(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), methodKey{}, r.Method)))
	})
}

func method(ctx context.Context) string {
	m, _ := ctx.Value(methodKey{}).(string)
	return m
}
