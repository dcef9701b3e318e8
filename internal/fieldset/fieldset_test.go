package fieldset

import (
	"bytes"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func fields(aliases ...string) []graphql.CollectedField {
	out := make([]graphql.CollectedField, len(aliases))
	for i, a := range aliases {
		out[i] = graphql.CollectedField{Field: &ast.Field{Alias: a, Name: a}}
	}
	return out
}

// Of writes what gqlgen's FieldSet writes for the same fields and values:
// in order, null for a missing value, a repeated alias once (the first),
// and an alias that needs escaping escaped.
func TestOfWritesAsFieldSet(t *testing.T) {
	for _, tc := range []struct {
		aliases []string
		values  []graphql.Marshaler
	}{
		{[]string{"vin", "year", "status"}, []graphql.Marshaler{graphql.MarshalString("JT1"), graphql.MarshalInt(2020), graphql.MarshalString("ORDERED")}},
		{[]string{"a"}, []graphql.Marshaler{graphql.Null}},
		{[]string{"x", "x", "y"}, []graphql.Marshaler{graphql.MarshalInt(1), graphql.MarshalInt(2), graphql.MarshalInt(3)}},
		{[]string{`we"ird`, "ok"}, []graphql.Marshaler{graphql.MarshalBoolean(true), graphql.MarshalBoolean(false)}},
		{nil, nil},
	} {
		fs := fields(tc.aliases...)
		want := graphql.NewFieldSet(fs)
		copy(want.Values, tc.values)
		var got, exp bytes.Buffer
		Of(fs, tc.values).MarshalGQL(&got)
		want.MarshalGQL(&exp)
		if got.String() != exp.String() {
			t.Errorf("%v: Of wrote %s, FieldSet %s", tc.aliases, got.String(), exp.String())
		}
	}
}

// Writing an object allocates nothing beyond the values' own work.
func TestOfAllocatesNothing(t *testing.T) {
	fs := fields("vin", "make", "model", "year", "status")
	values := []graphql.Marshaler{graphql.Null, graphql.Null, graphql.Null, graphql.Null, graphql.Null}
	var b bytes.Buffer
	b.Grow(1 << 10)
	o := Of(fs, values)
	if n := testing.AllocsPerRun(100, func() { b.Reset(); o.MarshalGQL(&b) }); n != 0 {
		t.Errorf("%v allocations per object", n)
	}
}

const generated = `package generated

import (
	"context"
)

func (ec *executionContext) _Plain(ctx context.Context, sel ast.SelectionSet, obj *Plain) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, plainImplementors)

	out := graphql.NewFieldSet(fields)
	var deferred graphql.DeferredGroup
	out.Dispatch(ctx)

	return out
}

func (ec *executionContext) _Deferring(ctx context.Context, sel ast.SelectionSet, obj *D) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, dImplementors)

	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	out.ResolveConcurrently(ec.OperationContext, &deferred, i, true, true, f)

	return out
}
`

func TestRewrite(t *testing.T) {
	out, n, err := Rewrite([]byte(generated))
	if err != nil || n != 1 {
		t.Fatalf("Rewrite = %d, %v; want the one object that cannot defer", n, err)
	}
	s := string(out)
	if !strings.Contains(s, "out.Dispatch(ctx)\n\n\treturn fieldset.Of(fields, out.Values)\n}") || !strings.Contains(s, `"importops/internal/fieldset"`) {
		t.Errorf("the plain object is not rewritten:\n%s", s)
	}
	if !strings.Contains(s, "&deferred, i, true, true, f)\n\n\treturn out\n}") {
		t.Errorf("the deferring object was rewritten:\n%s", s)
	}
	again, n, err := Rewrite(out)
	if err != nil || n != 0 || !bytes.Equal(again, out) {
		t.Errorf("a second run changed the file (%d, %v)", n, err)
	}
}

// A marshaller of another shape (a gqlgen upgrade) stops make generate.
func TestRewriteRefusesAnUnknownForm(t *testing.T) {
	src := strings.Replace(generated, "out.Dispatch(ctx)\n", "out.Dispatch(ctx)\n\tif x {\n\t\treturn out\n\t}\n", 1)
	if _, _, err := Rewrite([]byte(src)); err == nil || !strings.Contains(err.Error(), "update internal/fieldset") {
		t.Errorf("Rewrite of an unknown form: %v", err)
	}
}
