package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed generated code has been through every rewrite (make
// generate ran them), and running them again changes nothing.
func TestGeneratedCodeIsRewritten(t *testing.T) {
	paths, _ := filepath.Glob("../../graph/generated/*.generated.go")
	if len(paths) == 0 {
		t.Fatal("no generated files found")
	}
	files := make([][]byte, len(paths))
	for i, p := range paths {
		var err error
		if files[i], err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	out, n, err := rewriteAll(files)
	if err != nil || n != (counts{}) {
		t.Fatalf("the committed code is not fully rewritten (make generate): %+v left, %v", n, err)
	}
	for i := range out {
		if !bytes.Equal(out[i], files[i]) {
			t.Errorf("%s changes on another rewrite", paths[i])
		}
	}
	all := bytes.Join(files, nil)
	for _, want := range []string{
		"listmarshal.InOrder(ctx, len(v),",
		"return fieldset.Of(fields, out.Values)",
		"return ec.marshalNString2string(ctx, field.Selections, obj.Vin)",
	} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("the generated code lacks %q", want)
		}
	}
}
