// Command gqlpostgen applies the post-generation rewrites to gqlgen's
// generated files (*.generated.go) in the directory it is given: lists
// marshalled in order (internal/listmarshal), objects that cannot defer
// written without gqlgen's bookkeeping (internal/fieldset, which needs
// listmarshal's marks), then plain fields marshalled directly
// (internal/plainfield). `go generate ./graph` runs it
// after gqlgen (graph/resolver.go).
//
//	go run importops/internal/gqlpostgen graph/generated
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"importops/internal/fieldset"
	"importops/internal/listmarshal"
	"importops/internal/plainfield"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlpostgen DIR")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "gqlpostgen: %v\n", err)
		os.Exit(1)
	}
}

func rewrite(dir string) error {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.generated.go"))
	files := make([][]byte, len(paths))
	for i, path := range paths {
		var err error
		if files[i], err = os.ReadFile(path); err != nil {
			return err
		}
	}
	out, n, err := rewriteAll(files)
	if err != nil {
		return err
	}
	for i, path := range paths {
		if !bytes.Equal(out[i], files[i]) {
			if err := os.WriteFile(path, out[i], 0o644); err != nil {
				return err
			}
		}
	}
	fmt.Printf("gqlpostgen: %d lists marshalled in order, %d objects written directly, %d plain fields marshalled directly\n", n.lists, n.objects, n.fields)
	return nil
}

// counts are how many places each rewrite changed.
type counts struct{ lists, objects, fields int }

// rewriteAll applies the rewrites, in order, to the generated files of
// one package.
func rewriteAll(files [][]byte) ([][]byte, counts, error) {
	var n counts
	out := make([][]byte, len(files))
	for i, src := range files {
		src, lists, err := listmarshal.Rewrite(src)
		if err != nil {
			return nil, n, err
		}
		src, objects, err := fieldset.Rewrite(src)
		if err != nil {
			return nil, n, err
		}
		out[i], n.lists, n.objects = src, n.lists+lists, n.objects+objects
	}
	out, fields, err := plainfield.Rewrite(out)
	n.fields = fields
	return out, n, err
}
