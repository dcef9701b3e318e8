package listmarshal

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Elements are marshalled in order, in the caller's goroutine, each under
// a field context whose path names its index.
func TestInOrder(t *testing.T) {
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{
		Field: graphql.CollectedField{Field: &ast.Field{Alias: "edges"}},
	})
	var order []int // no lock: a second goroutine would be a race (-race)
	var paths []string
	ret := InOrder(ctx, 3, func(ctx context.Context, i int) graphql.Marshaler {
		order = append(order, i)
		paths = append(paths, graphql.GetPath(ctx).String())
		return graphql.MarshalInt(i)
	})
	if len(ret) != 3 || strings.Join(paths, " ") != "edges[0] edges[1] edges[2]" || order[0] != 0 || order[2] != 2 {
		t.Fatalf("InOrder = %v, paths %v, order %v", ret, paths, order)
	}
	var b bytes.Buffer
	ret.MarshalGQL(&b)
	if b.String() != "[0,1,2]" {
		t.Errorf("marshalled %s", b.String())
	}
}

// A panic is left to the enclosing field's handler, as for any field.
func TestInOrderLeavesPanicsToTheField(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("the element's panic did not reach the caller")
		}
	}()
	InOrder(context.Background(), 2, func(context.Context, int) graphql.Marshaler { panic("boom") })
}

// generatedList is what gqlgen v0.17.98 writes for a list of objects, with
// an object that has a resolver field (can defer) and one that has none.
const generatedList = `package generated

import (
	"context"
	"github.com/99designs/gqlgen/graphql"
)

func (ec *executionContext) marshalList(ctx context.Context, sel ast.SelectionSet, v []*Thing) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec.marshalThing(ctx, sel, v[i])
	})
	return ret
}

func (ec *executionContext) _Plain(ctx context.Context, sel ast.SelectionSet, obj *Plain) graphql.Marshaler {
	deferred := graphql.NewDeferredGroup(ctx)
	return out
}

func (ec *executionContext) _WithResolver(ctx context.Context, sel ast.SelectionSet, obj *R) graphql.Marshaler {
	deferred := graphql.NewDeferredGroup(ctx)
	out.ResolveConcurrently(ec.OperationContext, &deferred, i, true, true, f)
	return out
}
`

func TestRewrite(t *testing.T) {
	out, n, err := Rewrite([]byte(generatedList))
	if err != nil || n != 1 {
		t.Fatalf("Rewrite = %d, %v", n, err)
	}
	s := string(out)
	for _, want := range []string{
		`listmarshal.InOrder(ctx, len(v), func(ctx context.Context, i int) graphql.Marshaler {`,
		`"importops/internal/listmarshal"`,
		"var deferred graphql.DeferredGroup\n\treturn out",
		"deferred := graphql.NewDeferredGroup(ctx)\n\tout.ResolveConcurrently",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the rewritten file lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "MarshalSliceConcurrently") {
		t.Errorf("a concurrent list is left:\n%s", s)
	}
	again, n, err := Rewrite(out)
	if err != nil || n != 0 || !bytes.Equal(again, out) {
		t.Errorf("a second run changed the file (%d, %v)", n, err)
	}
}

// A call written in another form (a gqlgen upgrade) stops make generate.
func TestRewriteRefusesAnUnknownForm(t *testing.T) {
	src := strings.Replace(generatedList, "len(v), 0, false,", "len(v), 0, false, extra,", 1)
	if _, _, err := Rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), "not in the form") {
		t.Errorf("Rewrite of an unknown form: %v", err)
	}
}
