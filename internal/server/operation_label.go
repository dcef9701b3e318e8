package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/internal/reqlog"
)

// operationLabel names what a request asked for, for the metrics: its
// root field ("vehicles", "createApiKey"), or "multiple". The names come
// from the schema, since the document has been validated by then, so the
// label has a short, fixed list of values; the client's own operation
// name, which could be anything, is not used.
type operationLabel struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationLabel{}

func (operationLabel) ExtensionName() string                   { return "OperationLabel" }
func (operationLabel) Validate(graphql.ExecutableSchema) error { return nil }

func (operationLabel) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation != nil {
		budget := maxRootSelections
		reqlog.FromContext(ctx).SetOperation(rootField(rc.Operation.SelectionSet, "", &budget))
	}
	return nil
}

// rootField is the one root field name of set (through fragments), or
// "multiple" once a second one appears; name is what was found so far.
func rootField(set ast.SelectionSet, name string, budget *int) string {
	for _, sel := range set {
		if *budget--; *budget < 0 || name == "multiple" {
			return name
		}
		switch s := sel.(type) {
		case *ast.Field:
			if name != "" && name != s.Name {
				return "multiple"
			}
			name = s.Name
		case *ast.InlineFragment:
			name = rootField(s.SelectionSet, name, budget)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				name = rootField(s.Definition.SelectionSet, name, budget)
			}
		}
	}
	return name
}
