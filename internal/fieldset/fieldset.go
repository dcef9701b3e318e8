// Package fieldset writes a generated object's fields as JSON without
// gqlgen's per-object bookkeeping.
//
// gqlgen (v0.17.98) writes every object through FieldSet.MarshalGQL, which
// makes a map of the aliases written so far and copies each field to the
// heap as it goes: for the 40 objects of a 20-vehicle page, about 250
// allocations of the request's 1,700 (docs/performance.md). An object's
// fields come from graphql.CollectFields, which merges fields of one alias
// into one, so the map guards against what cannot happen unless fields
// are @defer'd, and the objects this is used for defer nothing.
//
// `make generate` rewrites the generated objects that cannot defer (those
// internal/listmarshal gave an empty @defer group) to return Of(fields,
// out.Values) instead of out (Rewrite, run by internal/gqlpostgen).
package fieldset

import (
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// Of is the object whose fields are fields, with values at the same
// indices, as gqlgen's FieldSet would write it.
func Of(fields []graphql.CollectedField, values []graphql.Marshaler) graphql.Marshaler {
	return object{fields, values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

var (
	openBrace  = []byte("{")
	closeBrace = []byte("}")
	comma      = []byte(",")
	quoteColon = []byte(`":`)
	quote      = []byte(`"`)
)

// MarshalGQL writes the fields in order, each alias once (the first), as
// FieldSet.MarshalGQL does.
func (o object) MarshalGQL(w io.Writer) {
	w.Write(openBrace)
	for i := range o.fields {
		alias := o.fields[i].Alias
		if written(o.fields[:i], alias) {
			continue
		}
		if i > 0 {
			w.Write(comma)
		}
		writeName(w, alias)
		if v := o.values[i]; v != nil {
			v.MarshalGQL(w)
		} else {
			graphql.Null.MarshalGQL(w)
		}
	}
	w.Write(closeBrace)
}

// written reports whether one of fields has alias.
func written(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// writeName writes "alias": . An alias is a GraphQL name (letters,
// digits, underscores), which JSON quotes as it is; anything else is
// escaped by gqlgen's string marshaller.
func writeName(w io.Writer, alias string) {
	if !isName(alias) {
		graphql.MarshalString(alias).MarshalGQL(w)
		w.Write(quoteColon[1:])
		return
	}
	w.Write(quote)
	io.WriteString(w, alias)
	w.Write(quoteColon)
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}
