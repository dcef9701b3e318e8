package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// An organisation's slow requests (here: creations stuck behind a lock on
// its vehicle counts, as behind any long transaction) used to take every
// connection of the database pool, so that every other organisation's
// requests, and /healthz, waited with them. Now the organisation runs a
// few at a time: the rest wait their turn briefly, then get 429
// RATE_LIMITED with Retry-After, and the other organisation is answered
// at once throughout. The stuck ones end at the request limit (shortened
// here to 3 s) with TIMEOUT.
func TestSlowOrganisationKeepsToItsShare(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{RequestTimeout: 3 * time.Second})
		slow := env.Org("slow", organization.PlanPRO)
		env.Vehicle(slow, testenv.VIN(1), vehicle.StatusORDERED)
		var slowKeys []string
		for range 3 { // several keys: the organisation's share, not only one key's
			tok, _ := env.IssueKey(slow, "vehicles.read", "vehicles.write")
			slowKeys = append(slowKeys, tok)
		}
		other := env.Org("other", organization.PlanPRO)
		env.Vehicle(other, testenv.VIN(1), vehicle.StatusORDERED)
		otherKey, _ := env.IssueKey(other, "vehicles.read", "vehicles.write")

		release := holdVehicleCounts(t, env, slow.ID)
		time.AfterFunc(8*time.Second, release) // a guard against a hang

		const stuck = 40 // more than the pool's connections
		type answer struct {
			status int
			body   string
			took   time.Duration
		}
		answers := make([]answer, stuck)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Go(func() {
				start := time.Now()
				status, body, err := postVars(env.URL, slowKeys[i%len(slowKeys)], createVehicleMutation,
					map[string]any{"vin": testenv.VIN(100 + i)})
				if err != nil {
					body = err.Error()
				}
				answers[i] = answer{status: status, body: body, took: time.Since(start)}
			})
		}

		// Meanwhile the other organisation reads, and on PostgreSQL (where
		// the lock holds only the slow organisation's rows) writes too.
		// Give the slow requests a moment to take what they can (were they
		// slower to start, the test would only be easier to pass).
		time.Sleep(200 * time.Millisecond)
		c := env.Bearer(otherKey)
		for i := range 5 {
			start := time.Now()
			var got struct{ Vehicles struct{ TotalCount int } }
			c.Do(`{ vehicles { totalCount edges { node { vin } } } }`, nil).Decode(t, &got)
			if url[:6] != "sqlite" {
				c.Do(createVehicleMutation, testenv.Vars{"vin": testenv.VIN(200 + i)}).Decode(t, &struct{}{})
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("the other organisation waited %s while the slow one was stuck; want under 2 s", took)
			}
			if status, body := env.Health(2 * time.Second); status != http.StatusOK {
				t.Errorf("/healthz while one organisation is stuck: %d %s", status, body)
			}
		}
		wg.Wait()
		release()

		counts := map[string]int{}
		for i, a := range answers {
			switch {
			case a.status == http.StatusTooManyRequests && strings.Contains(a.body, "RATE_LIMITED"):
				counts["RATE_LIMITED"]++
			case a.status == http.StatusServiceUnavailable && strings.Contains(a.body, "TIMEOUT"):
				counts["TIMEOUT"]++
			default:
				t.Errorf("stuck request %d: %d %.300s", i, a.status, a.body)
			}
			if a.took > 10*time.Second {
				t.Errorf("stuck request %d answered after %s", i, a.took)
			}
		}
		t.Logf("the stuck organisation's requests: %v", counts)
		if counts["TIMEOUT"] == 0 || counts["TIMEOUT"] > 8 {
			t.Errorf("%d requests ran until the limit, want a few (the organisation's share)", counts["TIMEOUT"])
		}
		// No stuck creation left a vehicle or a count behind.
		var got struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(slowKeys[0]).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &got)
		if got.Vehicles.TotalCount != 1 {
			t.Errorf("the slow organisation's totalCount is %d, want 1", got.Vehicles.TotalCount)
		}
	})
}
