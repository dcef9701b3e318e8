package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/internal/apierr"
	"importops/internal/page"
	"importops/internal/webhooks"
)

// What a query costs, before any resolver runs. The unit is one field
// read from memory; the limit is complexityLimit (graphql.go), whose comment does the
// arithmetic for real queries.
const (
	// fieldCost is a field whose value is already loaded with its parent.
	fieldCost = 1
	// queryCost is a field whose resolver runs a database query: every
	// root field (a lookup, a page, a mutation), each list's totalCount
	// (a count, even when it reads a kept one), and the edges below that
	// load another row. Aliases repeat the query, so they repeat the cost:
	// without it 300 aliased `vehicles(first: 1) { totalCount }` cost
	// almost nothing and ran 600 queries.
	queryCost = 25
)

// nestedQueries are the fields below the root that load another row. A
// list loads them for the whole page at once (graph/collect.go), so within
// a list's items they cost one query per list, not one per item; alone
// (key(id) { createdBy }) they cost a query each.
var nestedQueries = map[string]bool{
	"ApiKey.createdBy":     true,
	"ApiKey.revokedBy":     true,
	"ApiKey.replacedBy":    true,
	"ApiKey.replaces":      true,
	"AuditEntry.apiKey":    true,
	"AuditEntry.bySupport": true,
}

// boundedLists are the plain (not paginated) lists that run a query, and
// the most items each holds: the items' selection is paid once per item,
// so 5 webhooks' deliveries cost 5 pages.
var boundedLists = map[string]int{
	"Query.webhooks": webhooks.MaxPerOrganization,
}

// costLimit refuses, before any resolver runs, an operation that costs
// more than its value. It replaces gqlgen's complexity calculator, which
// cannot price a list's items apart from its totalCount: the item
// selection is paid once per item, the count and the page's query once.
type costLimit int

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = costLimit(0)

func (costLimit) ExtensionName() string                   { return "CostLimit" }
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l costLimit) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if c := cost(rc.Operation.SelectionSet, rc.Variables, int(l)); c > int(l) {
		return &gqlerror.Error{
			Message: fmt.Sprintf("The query's complexity is over the limit of %d: ask for fewer items "+
				"(a smaller first), or fewer aliases and fields, per request", int(l)),
			Extensions: map[string]any{"code": string(apierr.BadUserInput)},
		}
	}
	return nil
}

// cost prices a validated operation with its variables, stopping as soon
// as it exceeds limit (the result is then only known to be over it). Every
// field costs at least 1, so the walk visits at most about limit fields,
// however many times fragments repeat one another.
func cost(set ast.SelectionSet, vars map[string]any, limit int) int {
	c := &costing{vars: vars, limit: limit}
	c.set(set)
	return c.spent
}

type costing struct {
	vars         map[string]any
	limit, spent int
	// inItem is set while pricing one item of a list, where the edges in
	// nestedQueries are loaded with the page: batched counts them, to be
	// paid once for the list.
	inItem  bool
	batched int
}

func (c *costing) over() bool { return c.spent > c.limit }

func (c *costing) set(set ast.SelectionSet) {
	for _, sel := range set {
		if c.over() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			c.field(s)
		case *ast.InlineFragment:
			c.set(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil { // validation has refused cycles
				c.set(s.Definition.SelectionSet)
			}
		}
	}
}

func (c *costing) field(f *ast.Field) {
	switch {
	case f.Name == "__schema" || f.Name == "__type":
		c.spent += fieldCost // introspection: the schema, from memory
	case isConnection(f.Definition):
		c.connection(f)
	case f.ObjectDefinition != nil && boundedLists[f.ObjectDefinition.Name+"."+f.Name] > 0:
		c.spent += queryCost
		c.each(f.SelectionSet, boundedLists[f.ObjectDefinition.Name+"."+f.Name])
	case c.inItem && isNestedQuery(f):
		c.batched++
		c.spent += fieldCost
		c.set(f.SelectionSet)
	case runsQuery(f):
		c.spent += queryCost
		c.set(f.SelectionSet)
	default:
		c.spent += fieldCost
		c.set(f.SelectionSet)
	}
}

// connection is a list: its page's query, each item's selection once per
// item (the page size), and the rest (totalCount, pageInfo) once.
func (c *costing) connection(f *ast.Field) {
	items := pageSize(f.ArgumentMap(c.vars)["first"])
	c.spent += queryCost
	c.connectionSet(f.SelectionSet, items)
}

func (c *costing) connectionSet(set ast.SelectionSet, items int) {
	for _, sel := range set {
		if c.over() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "edges" {
				c.field(s)
				continue
			}
			c.each(s.SelectionSet, items)
		case *ast.InlineFragment:
			c.connectionSet(s.SelectionSet, items)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				c.connectionSet(s.Definition.SelectionSet, items)
			}
		}
	}
}

// each prices set once per item: one item's cost, priced within what is
// left for each, and the edges loaded with the page once.
func (c *costing) each(set ast.SelectionSet, items int) {
	item := &costing{vars: c.vars, limit: (c.limit-c.spent)/items + 1, spent: fieldCost, inItem: true}
	item.set(set)
	c.spent += items*item.spent + item.batched*queryCost
}

func isNestedQuery(f *ast.Field) bool {
	return f.ObjectDefinition != nil && nestedQueries[f.ObjectDefinition.Name+"."+f.Name]
}

func runsQuery(f *ast.Field) bool {
	if f.ObjectDefinition == nil || strings.HasPrefix(f.Name, "__") {
		return false
	}
	switch obj := f.ObjectDefinition.Name; {
	case obj == "Query" || obj == "Mutation":
		return true
	case strings.HasSuffix(obj, "Connection"):
		return f.Name == "totalCount"
	default:
		return isNestedQuery(f)
	}
}

func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && strings.HasSuffix(def.Type.Name(), "Connection") && def.Arguments.ForName("first") != nil
}

// pageSize is the number of items a page may hold for this first: a first
// beyond the maximum is refused by the resolver, so never costs more.
func pageSize(first any) int {
	n := page.DefaultSize
	switch v := first.(type) {
	case int:
		n = v
	case int64:
		n = int(v)
	case float64:
		n = int(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			n = int(i)
		}
	}
	if n < 1 {
		return page.DefaultSize
	}
	return min(n, page.MaxSize)
}
