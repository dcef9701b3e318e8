package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/internal/apierr"
)

// oneSignIn refuses, before any resolver runs, an operation holding more
// than one signIn or signOut, aliases and fragments included. Each signIn
// hashes a password with argon2 (19 MiB and tens of milliseconds) and may
// store a session: 300 aliased ones ran 300 hashes and stored 300
// sessions, and guessed 300 passwords past the failed sign-in limit,
// which counts requests. It runs before costLimit, so that such a request
// is told what is wrong with it.
type oneSignIn struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = oneSignIn{}

func (oneSignIn) ExtensionName() string                   { return "OneSignIn" }
func (oneSignIn) Validate(graphql.ExecutableSchema) error { return nil }

func (oneSignIn) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation.Operation != ast.Mutation {
		return nil
	}
	budget := maxRootSelections
	if signIns(rc.Operation.SelectionSet, &budget) <= 1 {
		return nil
	}
	return &gqlerror.Error{
		Message:    "A request may hold only one signIn or signOut: send each in a request of its own",
		Extensions: map[string]any{"code": string(apierr.BadUserInput)},
	}
}

// maxRootSelections bounds the walk of signIns: fragments that spread
// others several times each expand exponentially. A mutation with more
// root selections than this is refused by costLimit anyway.
const maxRootSelections = 10_000

// signIns counts the signIn and signOut fields of a mutation's root
// selection, stopping at two or when budget runs out.
func signIns(set ast.SelectionSet, budget *int) int {
	n := 0
	for _, sel := range set {
		if *budget--; *budget < 0 {
			return n
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "signIn" || s.Name == "signOut" {
				n++
			}
		case *ast.InlineFragment:
			n += signIns(s.SelectionSet, budget)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += signIns(s.Definition.SelectionSet, budget)
			}
		}
		if n > 1 {
			return n
		}
	}
	return n
}
