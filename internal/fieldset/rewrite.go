package fieldset

import (
	"bytes"
	"fmt"
	"go/format"
)

// importPath is this package, as the rewritten files import it.
const importPath = "importops/internal/fieldset"

const (
	// noDefer is how an object that cannot defer holds its @defer group
	// once internal/listmarshal has rewritten it.
	noDefer  = "var deferred graphql.DeferredGroup"
	newSet   = "out := graphql.NewFieldSet(fields)"
	returned = "\n\treturn out\n}"
	replaced = "\n\treturn fieldset.Of(fields, out.Values)\n}"
)

// Rewrite makes each generated object marshaller that cannot defer return
// Of(fields, out.Values), and says how many it changed. It must run after
// listmarshal.Rewrite, which marks those objects. A second run changes
// nothing.
func Rewrite(src []byte) ([]byte, int, error) {
	funcs := bytes.Split(src, []byte("\nfunc "))
	n := 0
	for i, f := range funcs {
		if !bytes.Contains(f, []byte(noDefer)) || !bytes.Contains(f, []byte(newSet)) {
			continue
		}
		if bytes.Contains(f, []byte(replaced)) {
			continue // rewritten before
		}
		if c := bytes.Count(f, []byte("return out\n")); c != 1 || !bytes.Contains(f, []byte(returned)) {
			return nil, 0, fmt.Errorf("an object marshaller returns out %d times, not once at its end as gqlgen v0.17.98 writes it: update internal/fieldset", c)
		}
		funcs[i] = bytes.Replace(f, []byte(returned), []byte(replaced), 1)
		n++
	}
	if n == 0 {
		return src, 0, nil
	}
	out := bytes.Join(funcs, []byte("\nfunc "))
	if !bytes.Contains(out, []byte(`"`+importPath+`"`)) {
		out = bytes.Replace(out, []byte("import (\n"), []byte("import (\n\t\""+importPath+"\"\n"), 1)
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, 0, fmt.Errorf("the rewritten file does not parse: %w", err)
	}
	return formatted, n, nil
}
