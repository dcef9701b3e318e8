package plainfield

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// field is a field function as gqlgen v0.17.98 writes it.
func field(name, read, middleware, marshal string) string {
	return fmt.Sprintf(`
func (ec *executionContext) _Thing_%[1]s(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_%[1]s(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return %[2]s
		},
		%[3]s,
		func(ctx context.Context, selections ast.SelectionSet, v T) graphql.Marshaler {
			return ec.%[4]s(ctx, selections, v)
		},
		true,
		true,
	)
}
`, name, read, middleware, marshal)
}

func scalarFieldContext(name string) string {
	return "\nfunc (ec *executionContext) fieldContext_Thing_" + name + "(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n\treturn graphql.NewScalarFieldContext(\"Thing\", field, false, false, \"String\")\n}\n"
}

func objectFieldContext(name string) string {
	return "\nfunc (ec *executionContext) fieldContext_Thing_" + name + "(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n\treturn &graphql.FieldContext{Object: \"Thing\", Field: field}, nil\n}\n"
}

const marshallers = `package generated

func (ec *executionContext) marshalNUser2ᚖUser(ctx context.Context, sel ast.SelectionSet, v *User) graphql.Marshaler {
	if v == nil {
		graphql.AddInvalidNullError(ctx, "User!")
		return graphql.Null
	}
	return ec._User(ctx, sel, v)
}

func (ec *executionContext) marshalOAny2any(ctx context.Context, sel ast.SelectionSet, v any) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	return graphql.MarshalAny(v)
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}

func (ec *executionContext) marshalNTime2timeᚐTime(ctx context.Context, sel ast.SelectionSet, v time.Time) graphql.Marshaler {
	_ = sel
	res := scalars.MarshalTime(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Time!")
	}
	return graphql.WrapContextMarshaler(ctx, res)
}

func (ec *executionContext) marshalOTime2ᚖtimeᚐTime(ctx context.Context, sel ast.SelectionSet, v *time.Time) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	res := scalars.MarshalTime(*v)
	return graphql.WrapContextMarshaler(ctx, res)
}

func (ec *executionContext) marshalOString2ᚕstringᚄ(ctx context.Context, sel ast.SelectionSet, v []string) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	ret := make(graphql.Array, len(v))
	for i := range v {
		ret[i] = ec.marshalNString2string(ctx, sel, v[i])
	}
	return ret
}
`

// sample is a generated package in two files: fields in one, their
// marshallers in the other.
func sample() [][]byte {
	fields := "package generated\n" +
		field("vin", "obj.Vin, nil", "nil", "marshalNString2string") + scalarFieldContext("vin") +
		field("seen", "obj.SeenAt, nil", "nil", "marshalOTime2ᚖtimeᚐTime") + scalarFieldContext("seen") +
		field("status", "ec.Resolvers.Thing().Status(ctx, obj)", "nil", "marshalNString2string") + scalarFieldContext("status") +
		field("secret", "obj.Secret, nil", "func(ctx context.Context, next graphql.Resolver) graphql.Resolver { return next }", "marshalNString2string") + scalarFieldContext("secret") +
		field("created", "obj.CreatedAt, nil", "nil", "marshalNTime2timeᚐTime") + scalarFieldContext("created") +
		field("tags", "obj.Tags, nil", "nil", "marshalOString2ᚕstringᚄ") + scalarFieldContext("tags") +
		field("owner", "obj.Owner, nil", "nil", "marshalNUser2ᚖUser") + objectFieldContext("owner") +
		field("extra", "obj.Extra, nil", "nil", "marshalOAny2any") + objectFieldContext("extra")
	return [][]byte{[]byte(fields), []byte(marshallers)}
}

func TestRewrite(t *testing.T) {
	out, n, err := Rewrite(sample())
	if err != nil || n != 5 {
		t.Fatalf("Rewrite = %d, %v; want the 5 plain fields", n, err)
	}
	s := string(out[0])
	for _, want := range []string{
		// Scalars that cannot fail: marshalled directly.
		"(ret graphql.Marshaler) {\n\treturn ec.marshalNString2string(ctx, field.Selections, obj.Vin)\n}",
		"(ret graphql.Marshaler) {\n\treturn ec.marshalOTime2ᚖtimeᚐTime(ctx, field.Selections, obj.SeenAt)\n}",
		// An object, a list, a scalar that can report an invalid null:
		// under their own field context, which paths and errors need.
		"fc, err := ec.fieldContext_Thing_owner(ctx, field)\n\tif err != nil {\n\t\treturn graphql.Null\n\t}\n\treturn ec.marshalNUser2ᚖUser(graphql.WithFieldContext(ctx, fc), field.Selections, obj.Owner)",
		"return ec.marshalOString2ᚕstringᚄ(graphql.WithFieldContext(ctx, fc), field.Selections, obj.Tags)",
		"return ec.marshalNTime2timeᚐTime(graphql.WithFieldContext(ctx, fc), field.Selections, obj.CreatedAt)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the rewritten file lacks %q:\n%s", want, s)
		}
	}
	// Left to ResolveField: a resolver, a directive, a value of type any.
	for _, kept := range []string{"Thing().Status", "obj.Secret, nil", "obj.Extra, nil"} {
		if !strings.Contains(s, kept) {
			t.Errorf("%s was rewritten:\n%s", kept, s)
		}
	}
	if got := strings.Count(s, "graphql.ResolveField("); got != 3 {
		t.Errorf("%d ResolveField calls left, want 3", got)
	}
	if !bytes.Equal(out[1], sample()[1]) {
		t.Error("the marshallers' file changed")
	}
	again, n, err := Rewrite(out)
	if err != nil || n != 0 || !bytes.Equal(again[0], out[0]) {
		t.Errorf("a second run changed the file (%d, %v)", n, err)
	}
}

// A ResolveField call of another shape (a gqlgen upgrade) stops make
// generate.
func TestRewriteRefusesAnUnknownForm(t *testing.T) {
	files := sample()
	files[0] = bytes.Replace(files[0], []byte("\t\ttrue,\n\t\ttrue,\n"), []byte("\t\ttrue,\n"), 1)
	if _, _, err := Rewrite(files); err == nil || !strings.Contains(err.Error(), "update internal/plainfield") {
		t.Errorf("Rewrite of an unknown form: %v", err)
	}
}

// The scalars neverNull accepts never answer null, so no error can be
// lost by marshalling them without a field context.
func TestNeverNull(t *testing.T) {
	for _, m := range []graphql.Marshaler{
		graphql.MarshalString(""), graphql.MarshalString("x"),
		graphql.MarshalInt(0), graphql.MarshalInt(math.MinInt), graphql.MarshalInt(math.MaxInt),
		graphql.MarshalIntID(0), graphql.MarshalIntID(-1),
		graphql.MarshalBoolean(false), graphql.MarshalBoolean(true),
		graphql.MarshalID(""),
	} {
		if m == graphql.Null {
			t.Errorf("%#v marshals as null", m)
		}
	}
}
