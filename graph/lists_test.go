package graph

import (
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// A vehicles page reads only the columns of the selected fields
// (vehicleColumns): a field of Vehicle missing from the map would be read
// as its zero value. Every field of the schema's Vehicle must have its
// column.
func TestVehicleColumnsCoverTheSchema(t *testing.T) {
	src, err := os.ReadFile("../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	schema := gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: string(src)})
	fields := schema.Types["Vehicle"].Fields
	if len(fields) == 0 {
		t.Fatal("the schema has no Vehicle fields")
	}
	for _, f := range fields {
		if _, ok := vehicleGraphQLColumns[f.Name]; !ok {
			t.Errorf("Vehicle.%s has no column in vehicleGraphQLColumns: a vehicles page would not read it", f.Name)
		}
	}
}
