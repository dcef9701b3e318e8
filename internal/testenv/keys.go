package testenv

import (
	"entgo.io/ent/dialect"

	"importops/ent"
)

// Helpers for the API key management and audit log tests
// (internal/server/keys_*_test.go, audit_*_test.go).

// KeyCount is the number of API keys in every organisation.
func (e *Env) KeyCount() int {
	e.T.Helper()
	n, err := e.DB.APIKey.Query().Count(System())
	if err != nil {
		e.T.Fatalf("counting API keys: %v", err)
	}
	return n
}

// AuditCount is the number of audit entries in every organisation.
func (e *Env) AuditCount() int {
	e.T.Helper()
	n, err := e.DB.AuditEntry.Query().Count(System())
	if err != nil {
		e.T.Fatalf("counting audit entries: %v", err)
	}
	return n
}

// IssueKeys issues n read-only keys for org as support would (see
// IssueKey), oldest first.
func (e *Env) IssueKeys(org *ent.Organization, n int) []*ent.APIKey {
	e.T.Helper()
	keys := make([]*ent.APIKey, 0, n)
	for range n {
		_, k := e.IssueKey(org)
		keys = append(keys, k)
	}
	return keys
}

// FailAuditInserts installs a trigger that makes every insert into
// audit_entries fail, to prove that a change and its audit entry are
// committed together or not at all.
func (e *Env) FailAuditInserts() {
	e.T.Helper()
	var stmts []string
	if e.DB.Dialect == dialect.Postgres {
		stmts = []string{
			`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected'; END; $$`,
			`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION fail_audit()`,
		}
	} else {
		stmts = []string{
			`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'injected'); END`,
		}
	}
	for _, s := range stmts {
		if _, err := e.DB.SQL.Exec(s); err != nil {
			e.T.Fatalf("%s: %v", s, err)
		}
	}
}
