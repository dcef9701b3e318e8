package listmarshal

import (
	"bytes"
	"fmt"
	"go/format"
	"regexp"
)

// importPath is this package, as the rewritten files import it.
const importPath = "importops/internal/listmarshal"

// concurrently is the call gqlgen's template (codegen/type.gotpl) writes
// for a list of objects: MarshalSliceConcurrently(ctx, len(v),
// <worker_limit>, <omit_panic_handler>, func(ctx context.Context, i int)
// graphql.Marshaler {…}).
var concurrently = regexp.MustCompile(`graphql\.MarshalSliceConcurrently\(ctx, len\(v\), \d+, (true|false), func\(ctx context\.Context, i int\) graphql\.Marshaler \{`)

const inOrder = `listmarshal.InOrder(ctx, len(v), func(ctx context.Context, i int) graphql.Marshaler {`

// newDeferredGroup is how every generated object marshaller begins: a
// group for its @defer'd fields, with the object's path, a field set and a
// map (five allocations). Only a field with a resolver can be deferred
// (ResolveConcurrently(…, &deferred, …)); an object without one never adds
// to the group, and reads only len(deferred.Defers), which an empty group
// answers as well.
const (
	newDeferredGroup = "deferred := graphql.NewDeferredGroup(ctx)"
	emptyGroup       = "var deferred graphql.DeferredGroup"
)

// Rewrite replaces gqlgen's concurrent list marshalling in one generated
// file by InOrder, and the @defer group of objects that cannot defer by an
// empty one, and says how many lists it changed. A file it leaves as it
// is comes back unchanged, so a second run changes nothing. A call it does not
// recognise (a newer gqlgen writing it differently) is an error, so that
// an upgrade cannot silently bring the goroutines back.
func Rewrite(src []byte) ([]byte, int, error) {
	n := len(concurrently.FindAllIndex(src, -1))
	if total := bytes.Count(src, []byte("MarshalSliceConcurrently(")); total != n {
		return nil, 0, fmt.Errorf("%d of %d calls of MarshalSliceConcurrently are not in the form gqlgen v0.17.98 writes; update listmarshal.Rewrite", total-n, total)
	}
	out := emptyGroups(concurrently.ReplaceAll(src, []byte(inOrder)))
	if bytes.Equal(out, src) {
		return src, 0, nil
	}
	if n > 0 && !bytes.Contains(out, []byte(`"`+importPath+`"`)) {
		out = bytes.Replace(out, []byte("import (\n"), []byte("import (\n\t\""+importPath+"\"\n"), 1)
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, 0, fmt.Errorf("the rewritten file does not parse: %w", err)
	}
	return formatted, n, nil
}

// emptyGroups gives each function that never passes &deferred on an empty
// group. Generated functions start at a line beginning "func ".
func emptyGroups(src []byte) []byte {
	funcs := bytes.Split(src, []byte("\nfunc "))
	for i, f := range funcs {
		if !bytes.Contains(f, []byte("&deferred")) {
			funcs[i] = bytes.Replace(f, []byte(newDeferredGroup), []byte(emptyGroup), 1)
		}
	}
	return bytes.Join(funcs, []byte("\nfunc "))
}
