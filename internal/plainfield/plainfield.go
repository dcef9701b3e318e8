// Package plainfield rewrites gqlgen's generated code so that a field
// which only reads a struct field and cannot fail is marshalled directly.
//
// gqlgen (v0.17.98) resolves every field of every object through
// graphql.ResolveField: a field context, a context value, three closures,
// the field interceptors, a deferred recover and the value boxed in an
// interface, about eight allocations, even for `vin`, which is obj.Vin. A
// page of 20 vehicles with five such fields spends a third of the
// server's allocations there (docs/performance.md). For a field that
//
//   - is read as obj.Field (no resolver, no method: nothing can fail or
//     panic, obj is never nil there),
//   - has no directive (the middleware argument is nil: @hasScope and
//     @admin sit on fields with resolvers),
//   - is a scalar or an enum (graphql.NewScalarFieldContext: no child
//     field needs it as parent for its path), and
//   - is marshalled by a function that cannot add an error (safeMarshal:
//     the error would otherwise carry its parent's path),
//
// the generated function becomes `return ec.marshalX(ctx,
// field.Selections, obj.Field)`: the same bytes, without the rest. A
// plain field of an object or list type (VehicleEdge.node,
// VehicleConnection.edges) keeps its field context, which its children's
// paths need, and drops the rest the same way.
// What is lost is what cannot happen for such a field: an error to
// recover or to present. Field interceptors would no longer see these
// fields: the server has none (internal/server's TestNoFieldInterceptors).
//
// `make generate` runs Rewrite after gqlgen (internal/gqlpostgen). It
// refuses a ResolveField call of another shape than v0.17.98's, so a
// gqlgen upgrade stops make generate instead of changing this silently.
package plainfield

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

// resolveFieldArgs is the number of arguments of graphql.ResolveField in
// gqlgen v0.17.98: ctx, oc, field, field context, resolver, middleware,
// marshal, recover, non-null.
const resolveFieldArgs = 9

// neverNull are gqlgen's scalar marshallers that never answer
// graphql.Null, so a non-null field marshalled by one of them never
// reports an invalid null (TestNeverNull).
var neverNull = regexp.MustCompile(`^\s*_ = sel\s+res := graphql\.(MarshalString|MarshalInt|MarshalIntID|MarshalBoolean|MarshalID)\([^()]*(\[v\])?\)\s+if res == graphql\.Null \{\s+graphql\.AddInvalidNullFromMarshaler\(ctx, "[A-Za-z_]+!"\)\s+\}\s+return res\s*$`)

// Rewrite rewrites the generated files of one package (all of them: a
// field's marshaller may be in another file than the field) and says how
// many fields it changed. A second run changes nothing.
func Rewrite(files [][]byte) ([][]byte, int, error) {
	fset := token.NewFileSet()
	parsed := make([]*ast.File, len(files))
	funcs := map[string]method{}
	for i, src := range files {
		f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
		if err != nil {
			return nil, 0, err
		}
		parsed[i] = f
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Body != nil {
				body := src[fset.Position(fd.Body.Lbrace).Offset+1 : fset.Position(fd.Body.Rbrace).Offset]
				funcs[fd.Name.Name] = method{fd, string(body)}
			}
		}
	}
	out := make([][]byte, len(files))
	total := 0
	for i, f := range parsed {
		var edits []edit
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			body, err := plainBody(fd, funcs)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w", fd.Name.Name, err)
			}
			if body != "" {
				edits = append(edits, edit{fset.Position(fd.Body.Pos()).Offset, fset.Position(fd.Body.End()).Offset, body})
			}
		}
		src, err := apply(files[i], edits)
		if err != nil {
			return nil, 0, err
		}
		out[i] = src
		total += len(edits)
	}
	return out, total, nil
}

// method is a generated method of executionContext and its body's text.
type method struct {
	decl *ast.FuncDecl
	body string
}

type edit struct {
	start, end int
	text       string
}

func apply(src []byte, edits []edit) ([]byte, error) {
	if len(edits) == 0 {
		return src, nil
	}
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	formatted, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the rewritten file does not parse: %w", err)
	}
	return formatted, nil
}

// plainBody is the new body of fd if fd resolves a plain field, "" if it
// does not (or is already rewritten), an error if fd calls ResolveField in
// an unknown form.
func plainBody(fd *ast.FuncDecl, funcs map[string]method) (string, error) {
	call := returnedCall(fd.Body)
	if call == nil || !isSelector(call.Fun, "graphql", "ResolveField") {
		return "", nil
	}
	if len(call.Args) != resolveFieldArgs {
		return "", fmt.Errorf("graphql.ResolveField has %d arguments, not the %d of gqlgen v0.17.98: update internal/plainfield", len(call.Args), resolveFieldArgs)
	}
	fieldContext := calledMethod(funcLitCall(call.Args[3]))
	field := plainRead(call.Args[4])
	marshal := calledMethod(funcLitCall(call.Args[6]))
	switch {
	case field == "" || !isIdent(call.Args[5], "nil") || funcs[fieldContext].decl == nil || !concreteValue(funcs[marshal]):
		return "", nil
	case scalarContext(funcs[fieldContext]) && safeMarshal(funcs[marshal]):
		return fmt.Sprintf("{\n\treturn ec.%s(ctx, field.Selections, obj.%s)\n}", marshal, field), nil
	}
	// An object or a list: its children's paths and errors need the field
	// context, so it is built, as ResolveField does (a failure to build it,
	// already reported, answers null as there), and the rest skipped.
	return fmt.Sprintf("{\n\tfc, err := ec.%s(ctx, field)\n\tif err != nil {\n\t\treturn graphql.Null\n\t}\n"+
		"\treturn ec.%s(graphql.WithFieldContext(ctx, fc), field.Selections, obj.%s)\n}", fieldContext, marshal, field), nil
}

// returnedCall is the call of a body that is one return of one call.
func returnedCall(body *ast.BlockStmt) *ast.CallExpr {
	if body == nil || len(body.List) != 1 {
		return nil
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	call, _ := ret.Results[0].(*ast.CallExpr)
	return call
}

// funcLitCall is the call a closure `func(…) { return ec.x(…) }` returns.
func funcLitCall(e ast.Expr) *ast.CallExpr {
	lit, ok := e.(*ast.FuncLit)
	if !ok {
		return nil
	}
	return returnedCall(lit.Body)
}

// calledMethod is x in ec.x(…), or "".
func calledMethod(call *ast.CallExpr) string {
	if call == nil {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "ec") {
		return ""
	}
	return sel.Sel.Name
}

// plainRead is Field if e is `func(ctx context.Context) (any, error) {
// return obj.Field, nil }`, or "".
func plainRead(e ast.Expr) string {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return ""
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !isIdent(ret.Results[1], "nil") {
		return ""
	}
	sel, ok := ret.Results[0].(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, "obj") {
		return ""
	}
	return sel.Sel.Name
}

// concreteValue reports whether the marshaller m takes a value of a
// concrete type. ResolveField reports a nil interface as a missing value
// before marshalling; a field of type any would need that check, so it is
// left to ResolveField. (gqlgen gives GraphQL unions and interfaces named
// Go interfaces; this schema has none.)
func concreteValue(m method) bool {
	if m.decl == nil || len(m.decl.Type.Params.List) == 0 {
		return false
	}
	switch t := m.decl.Type.Params.List[len(m.decl.Type.Params.List)-1].Type.(type) {
	case *ast.InterfaceType:
		return false
	case *ast.Ident:
		return t.Name != "any"
	}
	return true
}

// scalarContext reports whether m builds a scalar's field context.
func scalarContext(m method) bool {
	if m.decl == nil {
		return false
	}
	call := returnedCall(m.decl.Body)
	return call != nil && isSelector(call.Fun, "graphql", "NewScalarFieldContext")
}

// safeMarshal reports whether the marshaller m cannot add an error: one of
// gqlgen's never-null scalars, or a nullable scalar's, which answers null
// for nil and adds nothing.
func safeMarshal(m method) bool {
	switch {
	case m.decl == nil:
		return false
	case neverNull.MatchString(m.body):
		return true
	case !strings.HasPrefix(m.decl.Name.Name, "marshalO"):
		return false
	}
	return !slices.ContainsFunc([]string{"AddInvalidNull", "AddError", "GetFieldContext", "ec."}, func(s string) bool {
		return strings.Contains(m.body, s)
	})
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func isSelector(e ast.Expr, x, sel string) bool {
	s, ok := e.(*ast.SelectorExpr)
	return ok && isIdent(s.X, x) && s.Sel.Name == sel
}
