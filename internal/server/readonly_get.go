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
	req, _ := ctx.Value(requestKey{}).(requestInfo)
	if req.method == http.MethodGet && rc.Operation != nil && rc.Operation.Operation != ast.Query {
		reqlog.FromContext(ctx).Status = http.StatusMethodNotAllowed
		req.header.Set("Allow", allowedMethods)
		return &gqlerror.Error{
			Message:    "Mutations must be sent with POST, not GET",
			Extensions: map[string]any{"code": string(apierr.BadUserInput)},
		}
	}
	return nil
}

type requestKey struct{}

// requestInfo is what GraphQL extensions may see of the HTTP exchange: the
// request's method, and the response's headers (for a 405's Allow).
type requestInfo struct {
	method string
	header http.Header
}

// withMethod lets GraphQL extensions see the request's HTTP method and set
// response headers.
func withMethod(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := requestInfo{method: r.Method, header: w.Header()}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, info)))
	})
}
