package server_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"importops/internal/testenv"
)

// The outage variant of the atomicity rule (the trigger-based one is
// audit_atomic_test.go): the connection to PostgreSQL is cut while key
// creations are in flight. Whatever each request answered, no key exists
// without its api_key.created audit entry, and no such entry without its
// key.

const dbfBurst = 20

// dbfCreateResult is what one createApiKey of a burst answered.
type dbfCreateResult struct {
	status int
	code   string
	raw    string
	token  string
}

// dbfCreate creates a key and never fails the test itself, so that it can
// run on any goroutine.
func dbfCreate(admin *testenv.Client, name string) dbfCreateResult {
	r := admin.Do(dbfCreateKey, testenv.Vars{"name": name})
	res := dbfCreateResult{status: r.Status, code: r.Code(), raw: r.Raw}
	if r.Status == 200 && len(r.Errors) == 0 {
		var ck struct{ CreateApiKey struct{ Token string } }
		if err := json.Unmarshal(r.Data, &ck); err == nil {
			res.token = ck.CreateApiKey.Token
		}
	}
	return res
}

// dbfWantBurstAnswers fails unless every answer is a created key or 503
// UNAVAILABLE, never INTERNAL, and returns the tokens of the created keys.
func dbfWantBurstAnswers(t *testing.T, results []dbfCreateResult) []string {
	t.Helper()
	var tokens []string
	for i, r := range results {
		switch {
		case r.status == 200 && r.token != "":
			tokens = append(tokens, r.token)
		case r.status == 503 && r.code == "UNAVAILABLE":
		default:
			t.Errorf("creation %d during the cut: want a key or 503 UNAVAILABLE, got %d %s", i, r.status, r.raw)
		}
	}
	return tokens
}

// dbfWantKeysAudited checks the atomicity rule on the database itself,
// through a connection of the test's own: every api_keys row has exactly
// one api_key.created entry, every such entry names an existing key, and
// every key the API handed out exists.
func dbfWantKeysAudited(t *testing.T, direct string, tokens []string) (keys int) {
	t.Helper()
	db, err := sql.Open("postgres", direct)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	keys = q(`SELECT count(*) FROM api_keys`)
	if n := q(`SELECT count(*) FROM api_keys k WHERE (SELECT count(*) FROM audit_entries a
		WHERE a.api_key_id = k.id AND a.action = 'api_key.created') <> 1`); n != 0 {
		t.Errorf("%d of %d keys do not have exactly one api_key.created audit entry", n, keys)
	}
	if n := q(`SELECT count(*) FROM audit_entries a WHERE a.action = 'api_key.created'
		AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = a.api_key_id)`); n != 0 {
		t.Errorf("%d api_key.created audit entries name no existing key", n)
	}
	for _, tok := range tokens {
		if n := q(`SELECT count(*) FROM api_keys WHERE prefix = $1`, tok[:12]); n != 1 {
			t.Errorf("the API handed out %s…, but the database holds %d such keys", tok[:12], n)
		}
	}
	return keys
}

// Transactions caught half-way: a few creations complete, then the rest
// are held inside their transactions (behind a lock on audit_entries, so
// some have written their key row and wait to write its audit entry) when
// the connection is cut. None of them may leave a key behind.
func TestDBFaultsCutMidTransaction(t *testing.T) {
	env, proxy, direct, admin, _ := dbfSetup(t)
	const first = 3
	var tokens []string
	for i := range first {
		r := dbfCreate(admin, fmt.Sprintf("Before the cut %d", i))
		if r.token == "" {
			t.Fatalf("creating a key before the cut: %d %s", r.status, r.raw)
		}
		tokens = append(tokens, r.token)
	}

	// Hold back every insert into audit_entries.
	locker, err := sql.Open("postgres", direct)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	lock, err := locker.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.Exec(`LOCK TABLE audit_entries IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}

	results := make([]dbfCreateResult, dbfBurst-first)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = dbfCreate(admin, fmt.Sprintf("During the cut %d", i)) })
	}
	// Every creation is inside its transaction, waiting for a lock: one
	// for audit_entries with its key row written, the others for the
	// organisation's row (the quota check), behind it.
	dbfWaitForLockWaiters(t, locker, dbName(t, direct), len(results))
	var atAudit int
	if err := locker.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = $1
		AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "audit_entries"%'`,
		dbName(t, direct)).Scan(&atAudit); err != nil {
		t.Fatal(err)
	}
	if atAudit != 1 {
		t.Fatalf("%d creations wait to write their audit entry, want 1 (the test holds none half-way)", atAudit)
	}
	proxy.Cut()
	lock.Rollback()
	wg.Wait()
	for i, r := range results {
		if r.status != 503 || r.code != "UNAVAILABLE" {
			t.Errorf("creation %d, cut inside its transaction: want 503 UNAVAILABLE, got %d %s", i, r.status, r.raw)
		}
	}

	proxy.Restore()
	// dbfSetup's fixture key, and the ones created before the cut.
	if n := dbfWantKeysAudited(t, direct, tokens); n != 1+first {
		t.Errorf("the database holds %d keys, want the fixture's and the %d created before the cut", n, first)
	}
	// And creating works again.
	if r := dbfCreate(admin, "After the cut"); r.token == "" {
		t.Errorf("creating a key after the outage: %d %s", r.status, r.raw)
	}
	dbfWantNoPanic(t, env)
}

// The same cut without holding anything back: twenty creations at once,
// the connection cut as soon as a few have completed, wherever the others
// are. Each answers a key or UNAVAILABLE, and the database holds no half.
func TestDBFaultsCutDuringBurst(t *testing.T) {
	for round := range 3 {
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			env, proxy, direct, admin, _ := dbfSetup(t)
			results := make([]dbfCreateResult, dbfBurst)
			var done atomic.Int32
			cut := make(chan struct{})
			var wg sync.WaitGroup
			for i := range results {
				wg.Go(func() {
					results[i] = dbfCreate(admin, fmt.Sprintf("Burst %d", i))
					if done.Add(1) == 3 {
						close(cut)
					}
				})
			}
			<-cut
			proxy.Cut()
			wg.Wait()
			tokens := dbfWantBurstAnswers(t, results)
			t.Logf("%d of %d creations completed around the cut", len(tokens), dbfBurst)

			proxy.Restore()
			dbfWantKeysAudited(t, direct, tokens)
			if r := dbfCreate(admin, "After the cut"); r.token == "" {
				t.Errorf("creating a key after the outage: %d %s", r.status, r.raw)
			}
			dbfWantNoPanic(t, env)
		})
	}
}

// dbfWaitForLockWaiters waits until n sessions of the database wait for a
// lock. It polls for a state, not for time to pass; the guard only stops
// a test that would otherwise wait forever.
func dbfWaitForLockWaiters(t *testing.T, db *sql.DB, name string, n int) {
	t.Helper()
	deadline := time.Now().Add(dbfGuard)
	for {
		var waiting int
		err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = $1 AND wait_event_type = 'Lock'`, name).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d creations reached their transaction within %s", waiting, n, dbfGuard)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// dbName is the database name in a PostgreSQL URL.
func dbName(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}
