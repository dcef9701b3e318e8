package server

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// No extension intercepts fields. Plain fields are marshalled without the
// field interceptors (internal/plainfield), so one that did would
// silently miss them; and each costs closures on every other field.
// Errors are turned into TIMEOUT by the error presenter instead.
func TestNoFieldInterceptors(t *testing.T) {
	if len(extensions()) == 0 {
		t.Fatal("no extensions")
	}
	for _, ext := range extensions() {
		if _, ok := ext.(graphql.FieldInterceptor); ok {
			t.Errorf("%s intercepts fields, which plain fields skip: see internal/plainfield", ext.ExtensionName())
		}
	}
}
