package server_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// heavyVehicles is how many vehicles the heavy organisation has, as in the
// issue's reproduction.
const heavyVehicles = 200_000

// loadVehicles inserts n vehicles into org with one SQL statement, their
// statuses in turn (n%6), and sets the organisation's kept counts with a
// second: as a database upgraded from a version that did not keep them
// would hold after its first start.
func loadVehicles(t *testing.T, env *testenv.Env, url string, orgID, n int) {
	t.Helper()
	now := time.Now().UTC()
	if env.DB.Dialect == dialect.Postgres {
		// Not through the server's pool, whose statements stop after 10 s:
		// on a busy machine the load may take longer.
		db, err := sql.Open("postgres", url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = db.Exec(`
			INSERT INTO vehicles (organization_id, vin, make, model, year, status, created_at, updated_at)
			SELECT $1, '1HGCM82633A' || lpad(g::text, 6, '0'), 'Toyota', 'Land Cruiser', 2000 + g % 26,
			       (ARRAY['ORDERED','IN_TRANSIT','AT_PORT','IN_CUSTOMS','CLEARED','DELIVERED'])[1 + g % 6], $2, $3
			FROM generate_series(1, $4) g`, orgID, now, now, n)
		if err == nil {
			_, err = db.Exec("ANALYZE vehicles")
		}
		if err != nil {
			t.Fatalf("loading %d vehicles: %v", n, err)
		}
	} else {
		env.Exec(`
			WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?)
			INSERT INTO vehicles (organization_id, vin, make, model, year, status, created_at, updated_at)
			SELECT ?, '1HGCM82633A' || printf('%06d', n), 'Toyota', 'Land Cruiser', 2000 + n % 26,
			       CASE n % 6 WHEN 0 THEN 'ORDERED' WHEN 1 THEN 'IN_TRANSIT' WHEN 2 THEN 'AT_PORT'
			                  WHEN 3 THEN 'IN_CUSTOMS' WHEN 4 THEN 'CLEARED' ELSE 'DELIVERED' END, ?, ?
			FROM g`, n, orgID, now, now)
	}
	env.Exec(`
		INSERT INTO vehicle_counts (organization_id, status, count)
		SELECT organization_id, status, COUNT(*) FROM vehicles WHERE organization_id = ?
		GROUP BY organization_id, status`, orgID)
}

// aliasedTotalCounts is the issue's request: n aliased totalCount.
func aliasedTotalCounts(n int) string {
	var q strings.Builder
	q.WriteString("{")
	for i := range n {
		fmt.Fprintf(&q, " c%d: vehicles(first: 1) { totalCount }", i)
	}
	q.WriteString(" }")
	return q.String()
}

// heaviestAllowed is about the heaviest request the complexity limit
// lets through: four full pages of 100, filtered by status, with counts.
const heaviestAllowed = `{
	a: vehicles(first: 100, status: ORDERED) { ...page }
	b: vehicles(first: 100, status: IN_TRANSIT) { ...page }
	c: vehicles(first: 100, status: AT_PORT) { ...page }
	d: vehicles(first: 100, status: CLEARED) { ...page }
}
fragment page on VehicleConnection {
	totalCount
	pageInfo { hasNextPage endCursor }
	edges { cursor node { id vin make model year status createdAt updatedAt } }
}`

// post sends a GraphQL request with a bearer token, for goroutines other
// than the test's (testenv's client fails the test from the goroutine).
func post(url, token, query string) (int, string, error) {
	return postVars(url, token, query, nil)
}

func postVars(url, token, query string, vars map[string]any) (int, string, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// hasErrors reports whether a GraphQL response body holds errors.
func hasErrors(body string) bool {
	var r struct{ Errors []json.RawMessage }
	return json.Unmarshal([]byte(body), &r) != nil || len(r.Errors) > 0
}

// One read-only key of an organisation with 200,000 vehicles sent a few
// requests of 300 aliased totalCount: each ran for seconds, another
// organisation's ordinary request waited about 11 s, and on PostgreSQL
// /healthz answered 503. Now the aliased request is refused before it
// runs, totalCount reads a kept count, and the organisation's requests
// hold a bounded share of the database pool: the heaviest requests it may
// still send, fired concurrently, leave the other organisation's request
// answered within 2 s and /healthz 200, and are themselves answered, or
// refused, within the 10-second limit.
func TestHeavyOrganisationDoesNotDelayOthers(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		heavy := env.Org("heavy", organization.PlanPRO)
		heavyKey, _ := env.IssueKey(heavy) // read-only
		other := env.Org("other", organization.PlanPRO)
		otherKey, _ := env.IssueKey(other)
		for i := range 30 {
			env.Vehicle(other, testenv.VIN(900_000+i), vehicle.StatusAT_PORT)
		}
		loadVehicles(t, env, url, heavy.ID, heavyVehicles)

		// The issue's request is refused before any resolver runs.
		start := time.Now()
		resp := env.Bearer(heavyKey).Do(aliasedTotalCounts(300), nil)
		if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "complexity") {
			t.Fatalf("300 aliased totalCount: %d %.300s", resp.Status, resp.Raw)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("refusing 300 aliased totalCount took %s", took)
		}

		// The heaviest allowed request answers, with exact counts.
		var pages map[string]struct {
			TotalCount int
			Edges      []struct{ Node struct{ Status string } }
		}
		env.Bearer(heavyKey).Do(heaviestAllowed, nil).Decode(t, &pages)
		for alias, status := range map[string]string{"a": "ORDERED", "b": "IN_TRANSIT", "c": "AT_PORT", "d": "CLEARED"} {
			p := pages[alias]
			want := env.DB.Vehicle.Query().Where(vehicle.OrganizationID(heavy.ID), vehicle.StatusEQ(vehicle.Status(status))).CountX(testenv.System())
			if p.TotalCount != want || len(p.Edges) != 100 || p.Edges[0].Node.Status != status {
				t.Errorf("%s: totalCount %d, %d items; want %d and 100 %s", alias, p.TotalCount, len(p.Edges), want, status)
			}
		}

		// The load: heavy requests from several clients at once, the
		// refused and the allowed, while the other organisation is timed.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		var heavyErrs []string
		heavyStatus := map[int]int{}
		for i := range 12 {
			q := heaviestAllowed
			if i%3 == 0 {
				q = aliasedTotalCounts(300)
			}
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					start := time.Now()
					status, body, err := post(env.URL, heavyKey, q)
					took := time.Since(start)
					mu.Lock()
					heavyStatus[status]++
					switch {
					case err != nil:
						heavyErrs = append(heavyErrs, err.Error())
					case took > 10*time.Second:
						heavyErrs = append(heavyErrs, fmt.Sprintf("a heavy request took %s", took))
					case status != http.StatusOK && status != http.StatusTooManyRequests:
						heavyErrs = append(heavyErrs, fmt.Sprintf("a heavy request got %d %.200s", status, body))
					case strings.Contains(body, `"INTERNAL"`) || strings.Contains(body, `"UNAVAILABLE"`):
						heavyErrs = append(heavyErrs, fmt.Sprintf("a heavy request got %.200s", body))
					}
					mu.Unlock()
					if status == http.StatusTooManyRequests {
						time.Sleep(100 * time.Millisecond) // as a client honouring Retry-After would, sooner
					}
				}
			})
		}
		deadline := time.Now().Add(4 * time.Second)
		checks := 0
		for time.Now().Before(deadline) {
			start := time.Now()
			status, body, err := post(env.URL, otherKey, `{ vehicles(first: 20) { totalCount edges { node { vin status } } } }`)
			took := time.Since(start)
			checks++
			if err != nil || status != http.StatusOK || !strings.Contains(body, `"totalCount":30`) {
				t.Errorf("the other organisation's request: %d %.200s %v", status, body, err)
			}
			if took > 2*time.Second {
				t.Errorf("the other organisation's request took %s while the heavy one was busy; want under 2 s", took)
			}
			hstart := time.Now()
			hresp, err := http.Get(env.URL + "/healthz")
			if err != nil {
				t.Fatalf("/healthz: %v", err)
			}
			hresp.Body.Close()
			if hresp.StatusCode != http.StatusOK || time.Since(hstart) > 2*time.Second {
				t.Errorf("/healthz answered %d after %s while the heavy organisation was busy", hresp.StatusCode, time.Since(hstart))
			}
			time.Sleep(50 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		for _, e := range heavyErrs[:min(len(heavyErrs), 5)] {
			t.Error(e)
		}
		t.Logf("%d checks of the other organisation; heavy requests by status: %v", checks, heavyStatus)
		if heavyStatus[http.StatusOK] == 0 {
			t.Error("no heavy request was answered at all")
		}
	})
}
