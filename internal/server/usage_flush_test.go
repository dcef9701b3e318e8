package server_test

import (
	"net/http"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"importops/internal/testenv"
)

// usageCountWrites installs triggers recording every row written to
// api_key_usages ("usage") and api_keys ("key") in usage_writes, and on
// PostgreSQL every INSERT statement on api_key_usages ("statement"), and
// returns a function counting them.
func usageCountWrites(t *testing.T, env *testenv.Env) func(what string) int {
	t.Helper()
	var stmts []string
	if env.DB.Dialect == dialect.Postgres {
		stmts = []string{
			`CREATE TABLE usage_writes (what text)`,
			`CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO usage_writes VALUES (TG_ARGV[0]); RETURN NULL; END; $$`,
			`CREATE TRIGGER usage_rows AFTER INSERT OR UPDATE ON api_key_usages FOR EACH ROW EXECUTE FUNCTION count_write('usage')`,
			`CREATE TRIGGER usage_statements AFTER INSERT ON api_key_usages FOR EACH STATEMENT EXECUTE FUNCTION count_write('statement')`,
			`CREATE TRIGGER key_rows AFTER UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION count_write('key')`,
		}
	} else {
		stmts = []string{
			`CREATE TABLE usage_writes (what text)`,
			`CREATE TRIGGER usage_inserts AFTER INSERT ON api_key_usages BEGIN INSERT INTO usage_writes VALUES ('usage'); END`,
			`CREATE TRIGGER usage_updates AFTER UPDATE ON api_key_usages BEGIN INSERT INTO usage_writes VALUES ('usage'); END`,
			`CREATE TRIGGER key_updates AFTER UPDATE ON api_keys BEGIN INSERT INTO usage_writes VALUES ('key'); END`,
		}
	}
	for _, s := range stmts {
		env.Exec(s)
	}
	return func(what string) int {
		t.Helper()
		var n int
		q := `SELECT count(*) FROM usage_writes WHERE what = ?`
		if env.DB.Dialect == dialect.Postgres {
			q = `SELECT count(*) FROM usage_writes WHERE what = $1`
		}
		if err := env.DB.SQL.QueryRow(q, what).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
}

// TestUsageNotWrittenPerRequest: a burst of 500 requests from three keys
// writes nothing until the flush, which then writes one usage row and one
// key update per key (on PostgreSQL in a single INSERT statement).
func TestUsageNotWrittenPerRequest(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		writes := usageCountWrites(t, env)
		var tokens []string
		var ids []int
		for range 3 {
			tok, k := env.IssueKey(org)
			tokens, ids = append(tokens, tok), append(ids, k.ID)
		}
		const requests, workers = 500, 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		for w := range workers {
			wg.Go(func() {
				for i := w; i < requests; i += workers {
					r := env.Bearer(tokens[i%len(tokens)]).Do(usageVehicles, nil)
					mu.Lock()
					statuses[r.Status]++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if statuses[http.StatusOK] != requests {
			t.Fatalf("answers: %v, want %d × 200", statuses, requests)
		}
		if u, k := writes("usage"), writes("key"); u != 0 || k != 0 {
			t.Fatalf("before the flush the burst wrote %d usage rows and %d key rows, want none", u, k)
		}

		env.FlushLastUsed()
		if u, k := writes("usage"), writes("key"); u != len(ids) || k != len(ids) {
			t.Errorf("the flush wrote %d usage rows and %d key rows, want %d of each", u, k, len(ids))
		}
		if env.DB.Dialect == dialect.Postgres {
			if n := writes("statement"); n != 1 {
				t.Errorf("the flush ran %d INSERT statements on api_key_usages, want 1", n)
			}
		}
		total := 0
		for _, id := range ids {
			total += usageToday(t, usageOf(t, admin, id, 1)).Requests
		}
		if total != requests {
			t.Errorf("the keys' requests today add up to %d, want %d", total, requests)
		}
	})
}

// TestUsageReplicasAdd: two servers on one database count requests of the
// same key; when both flush, the day's counts are the sum, and the last
// use is the later one whichever flushes first.
func TestUsageReplicasAdd(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		a, org, _, admin := keysSetup(t, url)
		b := testenv.New(t, url)
		tok, key := a.IssueKey(org)
		for range 4 {
			a.Bearer(tok).Do(usageVehicles, nil).Decode(t, &struct{}{})
		}
		a.Bearer(tok).Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(1))}).WantError(t, 200, "FORBIDDEN")
		for range 3 {
			b.Bearer(tok).Do(usageVehicles, nil).Decode(t, &struct{}{})
		}
		later := b.Bearer(tok)
		later.Header().Set("User-Agent", "replica b")
		later.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(2))}).WantError(t, 200, "FORBIDDEN")

		b.FlushLastUsed()
		a.FlushLastUsed()
		k := usageOf(t, admin, key.ID, 1)
		if got := usageToday(t, k); got.Requests != 7 || got.Refused != 2 {
			t.Errorf("today = %+v, want 4+3 served and 1+1 refused", got)
		}
		if k.LastUsedUserAgent == nil || *k.LastUsedUserAgent != "replica b" {
			t.Errorf("lastUsedUserAgent = %v, want the later use's, flushed first", k.LastUsedUserAgent)
		}
	})
}
