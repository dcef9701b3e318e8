package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// rootFieldsAtOnce is how many root fields of one operation resolve at a
// time. gqlgen starts every root field of a query at once, each on its own
// goroutine, so one request of 100 aliased lookups took 100 of the
// database pool's connections, leaving none to other organisations and to
// /healthz. With it, an organisation holds at most its concurrent requests
// (internal/fairshare) times this many connections.
const rootFieldsAtOnce = 2

// rootFieldLimit holds each operation to n root fields at a time.
type rootFieldLimit int

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.RootFieldInterceptor
} = rootFieldLimit(0)

type rootSlotsKey struct{}

func (rootFieldLimit) ExtensionName() string                   { return "RootFieldLimit" }
func (rootFieldLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (n rootFieldLimit) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, rootSlotsKey{}, make(chan struct{}, int(n))))
}

func (rootFieldLimit) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	slots, ok := ctx.Value(rootSlotsKey{}).(chan struct{})
	if !ok {
		return next(ctx)
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		// Stopped while waiting for its turn: the request's deadline,
		// or the client gone.
		if e := timeoutError(ctx, ctx.Err()); e != nil {
			graphql.AddError(ctx, e)
		} else {
			graphql.AddError(ctx, ctx.Err())
		}
		return graphql.Null
	}
	defer func() { <-slots }()
	return next(ctx)
}
