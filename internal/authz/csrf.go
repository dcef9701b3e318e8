package authz

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/internal/apierr"
	"importops/internal/auth"
	"importops/internal/reqlog"
)

// CSRFGuard refuses, with HTTP 403 and code CSRF, every operation of a
// request whose session cookie came without its CSRF token, except signIn
// (which needs no session, and replaces it). It runs after parsing, so it
// judges the operation gqlgen will actually execute.
type CSRFGuard struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = CSRFGuard{}

func (CSRFGuard) ExtensionName() string                   { return "CSRFGuard" }
func (CSRFGuard) Validate(graphql.ExecutableSchema) error { return nil }
func (CSRFGuard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if !auth.CSRFFailed(ctx) || onlySignIn(graphql.GetOperationContext(ctx).Operation) {
		return next(ctx)
	}
	reqlog.FromContext(ctx).Status = apierr.CSRF.HTTPStatus()
	e := apierr.New(apierr.CSRF, "Missing or wrong X-CSRF-Token header: send the value of the importops_csrf cookie, or sign in again")
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: e.Message, Extensions: e.Extensions()}}})
}

func onlySignIn(op *ast.OperationDefinition) bool {
	if op == nil || op.Operation != ast.Mutation {
		return false
	}
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || (f.Name != "signIn" && f.Name != "__typename") {
			return false
		}
	}
	return true
}
