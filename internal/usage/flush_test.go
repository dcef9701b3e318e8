package usage_test

import (
	"context"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent/organization"
	"importops/internal/testenv"
	"importops/internal/usage"
	"importops/internal/viewer"
)

// TestFlushBatchesAndRetries: more slots than one statement holds are all
// written, adding to what is there; a failed flush keeps its counts for
// the next one, which writes them once.
func TestFlushBatchesAndRetries(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		keys := env.IssueKeys(org, 7)
		today := time.Now().UTC()
		c := usage.NewCounter()
		countAll := func(times int, refused bool) {
			for _, k := range keys {
				v := &viewer.Viewer{OrgID: org.ID, KeyID: k.ID}
				for d := range usage.Days {
					for range times {
						c.Count(v, today.AddDate(0, 0, -d), refused)
					}
				}
			}
		}
		sums := func() (rows, requests, refused int) {
			all, err := env.DB.APIKeyUsage.Query().All(testenv.System())
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range all {
				requests += int(r.Requests)
				refused += int(r.Refused)
			}
			return len(all), requests, refused
		}

		countAll(2, false) // 7 × 90 = 630 slots: two statements
		if err := c.Flush(context.Background(), env.DB.Client); err != nil {
			t.Fatal(err)
		}
		if rows, req, ref := sums(); rows != 630 || req != 1260 || ref != 0 {
			t.Fatalf("after one flush: %d rows, %d requests, %d refused; want 630, 1260, 0", rows, req, ref)
		}

		if env.DB.Dialect == dialect.Postgres {
			env.Exec(`CREATE FUNCTION fail_usage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected'; END; $$`)
			env.Exec(`CREATE TRIGGER fail_usage BEFORE UPDATE ON api_key_usages FOR EACH ROW EXECUTE FUNCTION fail_usage()`)
		} else {
			env.Exec(`CREATE TRIGGER fail_usage BEFORE UPDATE ON api_key_usages BEGIN SELECT RAISE(ABORT, 'injected'); END`)
		}
		countAll(1, true)
		if err := c.Flush(context.Background(), env.DB.Client); err == nil {
			t.Fatal("the flush succeeded although every update fails")
		}
		if _, req, ref := sums(); req != 1260 || ref != 0 {
			t.Fatalf("a failed flush changed the counts: %d requests, %d refused", req, ref)
		}
		env.Exec(`DROP TRIGGER fail_usage` + map[bool]string{true: ` ON api_key_usages`}[env.DB.Dialect == dialect.Postgres])
		if err := c.Flush(context.Background(), env.DB.Client); err != nil {
			t.Fatal(err)
		}
		if rows, req, ref := sums(); rows != 630 || req != 1260 || ref != 630 {
			t.Errorf("after the retry: %d rows, %d requests, %d refused; want 630, 1260, 630", rows, req, ref)
		}
	})
}
