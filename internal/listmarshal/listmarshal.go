// Package listmarshal marshals the elements of a GraphQL list one after
// the other, in the request's goroutine. gqlgen (v0.17.98) starts one
// goroutine per element of every list of objects (MarshalSliceConcurrently),
// with a context, a field context and a deferred recover each, and has no
// option to stop it: worker_limit bounds the goroutines without removing
// them. Our resolvers below a list read nothing from the database one
// element at a time (a list loads the edges it is asked for with its page:
// graph/collect.go; ApiKey.usage, one query per key, is the exception and
// now runs key after key), so the goroutines cost time and allocations
// and serve nothing (figures in docs/performance.md). `make generate` rewrites
// gqlgen's calls into calls of InOrder, and drops the @defer bookkeeping
// of objects that cannot defer anything (see Rewrite).
package listmarshal

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// InOrder marshals length elements with marshal, each under a field
// context that holds its index (error paths name it), in order. A panic
// is not recovered here: it reaches the enclosing field's handler, which
// answers that field with an error, as gqlgen does for any field.
func InOrder(ctx context.Context, length int, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	fcs := make([]graphql.FieldContext, length)
	for i := range length {
		fcs[i].Index = &i
		ret[i] = marshal(graphql.WithFieldContext(ctx, &fcs[i]), i)
	}
	return ret
}
