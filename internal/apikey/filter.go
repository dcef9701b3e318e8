package apikey

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"

	"importops/ent/apikey"
	"importops/ent/predicate"
	"importops/internal/apierr"
	"importops/internal/textcheck"
	"importops/internal/token"
)

// MaxSearchLength bounds a search, in characters: twice the longest name
// (a token is 43), room for a fragment pasted from a log, no more.
const MaxSearchLength = 200

// WhereSearch selects the keys a person looking for search means, or
// returns nil when search is blank. search is what they typed or pasted:
//
//   - a whole token (well formed, checksum included) finds its own key
//     only, by its digest, as authentication does: another key sharing its
//     12-character prefix is not the one pasted;
//   - text starting with "iops_" finds the keys whose prefix starts with
//     its leading token characters (at most the prefix's 12): a prefix
//     from a log, or its start ("iops_AbC"), even followed by "…" or a
//     quote; compared case-sensitively, as tokens are;
//   - any text finds the keys whose name contains it, in any case (on
//     SQLite, case is folded for ASCII letters only). % and _ are
//     literal characters, not wildcards.
//
// The text is never logged: a whole token is a secret.
func WhereSearch(search string) (predicate.APIKey, error) {
	s := strings.TrimSpace(search)
	if s == "" {
		return nil, nil
	}
	if n := utf8.RuneCountInString(s); n > MaxSearchLength {
		return nil, apierr.Input("search", fmt.Sprintf("Search must be at most %d characters (got %d)", MaxSearchLength, n))
	}
	// No name holds these characters; and PostgreSQL refuses a NUL in text
	// outright, which would be an INTERNAL error instead of this one.
	if err := textcheck.Characters("Search", s); err != nil {
		return nil, apierr.Input("search", err.Error())
	}
	if token.Parse(s) == nil {
		return apikey.Digest(token.Digest(s)), nil
	}
	// ent's ContainsFold escapes % and _, and folds case on both databases
	// (ILIKE on PostgreSQL, lower() on SQLite).
	byName := apikey.NameContainsFold(s)
	if !strings.HasPrefix(s, token.Marker) {
		return byName, nil
	}
	return apikey.Or(byName, prefixStartsWith(leadingPrefix(s))), nil
}

// leadingPrefix is the start of a key prefix that s begins with: the
// marker, then the token characters that follow it, at most up to the
// prefix's length.
func leadingPrefix(s string) string {
	n := len(token.Marker)
	for n < len(s) && n < token.PrefixLength && isTokenChar(s[n]) {
		n++
	}
	return s[:n]
}

func isTokenChar(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
}

// prefixStartsWith compares the first len(start) characters of the
// prefix with start. Not LIKE: SQLite's LIKE ignores case, and a prefix's
// case matters.
func prefixStartsWith(start string) predicate.APIKey {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("substr(").Ident(s.C(apikey.FieldPrefix)).WriteString(", 1, ").
				Arg(len(start)).WriteString(") = ").Arg(start)
		}))
	}
}
