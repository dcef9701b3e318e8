package main_test

import (
	"testing"
	"time"

	"importops/internal/testenv"
)

// Support's `key issue` obeys the organisation's key policy like an admin's
// creation: beyond it, a one-line refusal naming the limit and nothing
// written; within it, the key is issued.
func TestKeyIssuePolicy(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		db := testenv.Open(t, url)
		env := &testenv.Env{T: t, DB: db}
		env.Exec("UPDATE organizations SET max_key_lifetime_days = 30 WHERE slug = 'acme'")
		before := countRows(t, db)

		r := run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test")
		wantFailure(t, r, "at most 30 days")
		late := time.Now().UTC().AddDate(0, 0, 40).Format(time.DateOnly)
		r = run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test", "--expires", late)
		wantFailure(t, r, "at most 30 days")
		wantNothingWritten(t, db, before)

		ok := time.Now().UTC().AddDate(0, 0, 20).Format(time.DateOnly)
		issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test", "--expires", ok))
	})
}
