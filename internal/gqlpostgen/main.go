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
	lists, objects := 0, 0
	for i, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out, n, err := listmarshal.Rewrite(src)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		out, m, err := fieldset.Rewrite(out)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files[i], lists, objects = out, lists+n, objects+m
	}
	files, fields, err := plainfield.Rewrite(files)
	if err != nil {
		return err
	}
	for i, path := range paths {
		old, _ := os.ReadFile(path)
		if !bytes.Equal(old, files[i]) {
			if err := os.WriteFile(path, files[i], 0o644); err != nil {
				return err
			}
		}
	}
	fmt.Printf("gqlpostgen: %d lists marshalled in order, %d objects written directly, %d plain fields marshalled directly\n", lists, objects, fields)
	return nil
}
