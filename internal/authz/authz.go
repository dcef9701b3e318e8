// Package authz decides what a caller may do. The rules are declared on the
// schema with directives (@admin, @hasScope) and enforced here, once, so no
// resolver checks a role or a scope itself.
package authz

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"importops/internal/apierr"
	"importops/internal/usage"
	"importops/internal/viewer"
)

// Admin lets through organisation admins signed in with a session. API keys
// cannot manage keys, whatever their scopes.
func Admin(ctx context.Context, _ any, next graphql.Resolver, action string) (any, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apierr.New(apierr.Unauthenticated, "Sign in as an admin to "+action)
	case v.IsKey():
		usage.Refuse(ctx)
		return nil, apierr.New(apierr.Forbidden, "API keys cannot "+action+": sign in as an admin")
	case !v.Admin:
		return nil, apierr.New(apierr.Forbidden, "Only admins can "+action)
	}
	return next(ctx)
}

// HasScope lets through team members, and keys holding scope. Refusals of
// keys, here and in Admin, are counted for the key (internal/usage).
func HasScope(ctx context.Context, _ any, next graphql.Resolver, scope string) (any, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apierr.New(apierr.Unauthenticated,
			"Sign in, or send an API key in the header \"Authorization: Bearer <API key>\"")
	case !v.HasScope(scope):
		usage.Refuse(ctx)
		return nil, apierr.New(apierr.Forbidden,
			fmt.Sprintf("This API key lacks the %s scope: ask ImportOps support for a key that has it", scope))
	}
	return next(ctx)
}
