package server_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// VehiclesQuery is the request the benchmarks and the load run send: an
// integration reading the first page of its vehicles.
const vehiclesQuery = `{"query":"{ vehicles(first: 20) { totalCount edges { node { vin make model year status } } } }"}`

// BenchmarkVehiclesRequest is one authenticated vehicles(first: 20)
// request through the real HTTP handler, over a keep-alive connection, with
// 200 vehicles in the organisation.
func BenchmarkVehiclesRequest(b *testing.B) {
	benchVehicles(b, false)
}

// BenchmarkVehiclesRequestParallel is the same request from 16 concurrent
// clients: the load the load run drives, for profiling.
func BenchmarkVehiclesRequestParallel(b *testing.B) {
	benchVehicles(b, true)
}

// BenchmarkVehiclesHandler is the same request handed to the handler
// directly, no network and no client: its allocations are the server's
// alone (make bench reports them per request).
func BenchmarkVehiclesHandler(b *testing.B) {
	for _, db := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testenv.SQLiteURL}, {"postgres", testenv.PostgresURL}} {
		b.Run(db.name, func(b *testing.B) {
			env, tok := benchSetup(b, db.url(b))
			do := func() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(vehiclesQuery))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				rec := httptest.NewRecorder()
				env.Handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"totalCount":200`) {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
			do()
			b.ReportAllocs()
			for b.Loop() {
				do()
			}
		})
	}
}

// benchSetup serves an organisation with 200 vehicles and returns a key.
func benchSetup(b *testing.B, url string) (*testenv.Env, string) {
	env := testenv.New(b, url)
	org := env.Org("acme", organization.PlanPRO)
	for i := range 200 {
		env.Vehicle(org, testenv.VIN(i), vehicle.StatusORDERED)
	}
	tok, _ := env.IssueKey(org)
	return env, tok
}

func benchVehicles(b *testing.B, parallel bool) {
	for _, db := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testenv.SQLiteURL}, {"postgres", testenv.PostgresURL}} {
		b.Run(db.name, func(b *testing.B) {
			env, tok := benchSetup(b, db.url(b))
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			b.Cleanup(client.CloseIdleConnections)
			do := func() {
				req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", bytes.NewReader([]byte(vehiclesQuery)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"totalCount":200`)) {
					b.Fatalf("%d %s", resp.StatusCode, body)
				}
			}
			do() // warm the connection and the query cache
			if !parallel {
				b.ReportAllocs()
				for b.Loop() {
					do()
				}
				return
			}
			// A sub-benchmark, so that the database is filled once while
			// the parallel part runs again for each b.N.
			b.Run("clients=16", func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(16 / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						do()
					}
				})
			})
		})
	}
}
