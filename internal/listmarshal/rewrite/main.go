// Command rewrite applies listmarshal.Rewrite to gqlgen's generated files
// (*.generated.go) in the directory it is given: `go generate ./graph`
// runs it after gqlgen (graph/resolver.go).
//
//	go run importops/internal/listmarshal/rewrite graph/generated
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"importops/internal/listmarshal"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rewrite DIR")
		os.Exit(2)
	}
	paths, _ := filepath.Glob(filepath.Join(os.Args[1], "*.generated.go"))
	total := 0
	for _, path := range paths {
		n, err := rewriteFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "listmarshal: %s: %v\n", path, err)
			os.Exit(1)
		}
		total += n
	}
	fmt.Printf("listmarshal: %d lists marshalled in order\n", total)
}

func rewriteFile(path string) (int, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	out, n, err := listmarshal.Rewrite(src)
	if err != nil || bytes.Equal(out, src) {
		return 0, err
	}
	return n, os.WriteFile(path, out, 0o644)
}
