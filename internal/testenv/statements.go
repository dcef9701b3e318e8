package testenv

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/internal/reqlog"
)

// Statements records the SQL statements the server sends through ent,
// by the request they were sent for (its X-Request-Id), as entgql's todo
// tests count theirs: a test then asserts how many statements one GraphQL
// request costs. Statements sent outside a request (fixtures, flushes) are
// not recorded. Key verification reads the database without ent and is
// not counted either: it is the same one lookup for every request.
type Statements struct {
	mu        sync.Mutex
	byRequest map[string][]Statement
}

// Statement is one statement sent, with its arguments as ent's debug
// driver prints them ("[1 ORDERED]").
type Statement struct{ Query, Args string }

// countStatements puts a recording driver under db's ent client.
func countStatements(db dialect.Driver) (*ent.Client, *Statements) {
	s := &Statements{byRequest: map[string][]Statement{}}
	return ent.NewClient(ent.Driver(dialect.DebugWithContext(db, s.record))), s
}

// record is given ent's debug lines: "driver.Query: query=… args=…",
// "Tx(id).Exec: query=…", and lines about transactions, which are no
// statements.
func (s *Statements) record(ctx context.Context, v ...any) {
	line := fmt.Sprint(v...)
	_, query, ok := strings.Cut(line, ": query=")
	id := reqlog.FromContext(ctx).ID
	if !ok || id == "" {
		return
	}
	query, args, _ := strings.Cut(query, " args=")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byRequest[id] = append(s.byRequest[id], Statement{query, args})
}

// Of returns the statements sent for the request r answered.
func (s *Statements) Of(r *Response) []string {
	var out []string
	for _, st := range s.WithArgs(r) {
		out = append(out, st.Query)
	}
	return out
}

// WithArgs returns the statements sent for the request r answered, with
// their arguments.
func (s *Statements) WithArgs(r *Response) []Statement {
	id := r.Header.Get("X-Request-Id")
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Statement(nil), s.byRequest[id]...)
}
