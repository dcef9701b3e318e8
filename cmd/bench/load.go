package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq"
)

// loadQuery is what the load run's clients ask, again and again: an
// integration reading the first page of its vehicles.
const loadQuery = `{"query":"{ vehicles(first: 20) { totalCount edges { node { vin make model year status } } } }"}`

// loadRun starts `importops serve` on a fresh PostgreSQL database with
// o.vehicles vehicles and o.keys keys, and the hand-written server
// (handwritten.go) on a copy of it, drives them in turn with o.clients
// keep-alive clients for o.rounds rounds, then runs pgbench -S with as
// many clients for comparison.
func loadRun(ctx context.Context, r *report, o options, bin, tmp string) error {
	admin, err := sql.Open("postgres", o.adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	dbURL, drop, err := createDatabase(ctx, admin, o.adminURL, "importops_bench_load_", "")
	if err != nil {
		return err
	}
	defer drop()
	tokens, err := seedLoad(ctx, bin, dbURL, o)
	if err != nil {
		return err
	}
	// A copy for the hand-written server, taken before anything connects:
	// each server's PostgreSQL backends are then told apart by database.
	hwURL, dropHW, err := createDatabase(ctx, admin, o.adminURL, "importops_bench_hw_", databaseName(dbURL))
	if err != nil {
		return err
	}
	defer dropHW()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()

	// The 16 clients are one organisation's: the default fair share (4 of
	// its requests at once on PostgreSQL, for a pool shared by many
	// organisations) would measure the queue, not the server. Set through
	// the environment, which builds before the flag ignore (-bin).
	env := []string{"IMPORTOPS_ORG_CONCURRENCY=" + strconv.Itoa(o.clients)}
	pprofAddr := ""
	if o.profile != "" {
		pprofAddr = "127.0.0.1:6061"
		env = append(env, "IMPORTOPS_PPROF_ADDR="+pprofAddr)
	}
	srv, err := startServer(ctx, bin, dbURL, tmp, env...)
	if err != nil {
		return err
	}
	defer srv.kill()
	hw, err := startHandwritten(ctx, hwURL, tmp)
	if err != nil {
		return err
	}
	defer hw.kill()
	ours := target{p: srv, db: databaseName(dbURL)}
	theirs := target{p: hw, db: databaseName(hwURL)}
	if _, err := srv.waitHealthy(ctx, 10*time.Second); err != nil {
		return err
	}
	for _, t := range []target{ours, theirs} {
		if _, err := drive(ctx, t.p.URL, tokens, o.clients, o.warmup); err != nil {
			return err
		}
	}
	before, err := rowsWritten(ctx, db)
	if err != nil {
		return err
	}
	each := o.duration / time.Duration(max(1, o.rounds))
	var profiles sync.WaitGroup
	if o.profile != "" {
		// Over every round: the server is idle, and not sampled, while
		// the hand-written one is measured.
		profiles.Go(func() {
			fetchProfile(pprofAddr, fmt.Sprintf("profile?seconds=%d", int(2*o.duration.Seconds())), filepath.Join(o.profile, "cpu.pprof"))
		})
	}
	var mine, hand []round
	for range max(1, o.rounds) {
		a, err := ours.measure(ctx, tokens, o.clients, each)
		if err != nil {
			return err
		}
		b, err := theirs.measure(ctx, tokens, o.clients, each)
		if err != nil {
			return err
		}
		mine, hand = append(mine, a), append(hand, b)
	}
	profiles.Wait()
	if o.profile != "" {
		fetchProfile(pprofAddr, "allocs", filepath.Join(o.profile, "allocs.pprof"))
		fetchProfile(pprofAddr, "heap", filepath.Join(o.profile, "heap.pprof"))
	}
	peak, err := srv.peakMemory()
	if err != nil {
		return err
	}
	// Stopping the server flushes its pending last-used times, which the
	// run's requests caused, and ends its connections, which makes
	// PostgreSQL publish their statistics.
	if err := srv.stop(); err != nil {
		return err
	}
	after, err := settledRowsWritten(ctx, db)
	if err != nil {
		return err
	}

	res := merged(mine)
	rps := float64(res.requests) / res.elapsed.Seconds()
	r.add("load.requests", float64(res.requests), "", fmt.Sprintf("%d clients, %d rounds of %s, %d vehicles, %d keys", o.clients, len(mine), each, o.vehicles, len(tokens)))
	r.add("load.rps", rps, "req/s", "authenticated vehicles(first: 20) with totalCount")
	reportCPU(r, "load", mine)
	r.add("load.p50", ms(res.percentile(0.50)), "ms", "")
	r.check("load.p99", ms(res.percentile(0.99)), "ms", "< 10 ms", res.percentile(0.99) < 10*time.Millisecond, "")
	r.check("load.errors", float64(res.errors), "errors", "0", res.errors == 0, res.firstError)
	r.check("load.peak_memory", float64(peak)/(1<<20), "MiB", "<= 100 MiB", peak <= 100<<20, "server VmHWM")
	written := after - before
	per1000 := float64(written) / float64(res.requests) * 1000
	r.add("load.rows_written", float64(written), "rows", "pg_stat_user_tables, including the last-used flush on shutdown; not the replicas' heartbeats (one row per 2 s)")
	r.check("load.rows_written_per_1000_requests", per1000, "rows", "<= 1", per1000 <= 1, "")
	compareHandwritten(r, mine, hand)

	tps, err := pgbench(ctx, r, admin, o)
	if err != nil {
		return err
	}
	r.add("pgbench.select_only_tps", tps, "tps", fmt.Sprintf("pgbench -S, %d clients, %s", o.clients, o.duration))
	ratio := rps / tps
	r.check("load.rps_vs_pgbench", ratio, "×", ">= 0.25", ratio >= 0.25, "our requests per second / pgbench -S tps")
	return nil
}

// selfCPU is the CPU time this program has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

// createDatabase creates a uniquely named database, a copy of template
// unless that is "", and returns its URL and a function that drops it.
func createDatabase(ctx context.Context, admin *sql.DB, adminURL, prefix, template string) (string, func(), error) {
	name := prefix + strings.ToLower(rand.Text()[:10])
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if err := createRetrying(ctx, admin, create); err != nil {
		return "", nil, fmt.Errorf("creating database %s: %w", name, err)
	}
	drop := func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "bench: dropping database %s: %v\n", name, err)
		}
	}
	u, err := withDatabase(adminURL, name)
	if err != nil {
		drop()
		return "", nil, err
	}
	return u, drop, nil
}

// createRetrying runs a CREATE DATABASE, again while its template is still
// in use by a connection that has just been closed (its backend exits
// asynchronously); for at most 5 seconds.
func createRetrying(ctx context.Context, admin *sql.DB, create string) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := admin.ExecContext(ctx, create)
		if err == nil || !strings.Contains(err.Error(), "is being accessed by other users") || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// seedLoad fills the load run's database through the command line, as the
// operations team would, and returns the keys' tokens. Vehicles, which the
// command line does not create, are inserted with SQL.
func seedLoad(ctx context.Context, bin, dbURL string, o options) ([]string, error) {
	cli := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, append(args, "--db", dbURL)...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("importops %s: %v: %s", strings.Join(args, " "), err, errOut.String())
		}
		return strings.TrimSpace(out.String()), nil
	}
	if _, err := cli("org", "create", "--slug", "bench", "--name", "Bench Imports", "--plan", "pro"); err != nil {
		return nil, err
	}
	if _, err := cli("user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support"); err != nil {
		return nil, err
	}
	var tokens []string
	for i := range o.keys {
		tok, err := cli("key", "issue", "--org", "bench", "--name", fmt.Sprintf("load client %d", i+1), "--by", "sam@importops.test")
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, tok)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `
		INSERT INTO vehicles (organization_id, vin, make, model, year, status, created_at, updated_at)
		SELECT o.id, '1HGCM82633A' || lpad(g::text, 6, '0'), 'Toyota', 'Land Cruiser', 2000 + g % 26,
		       (ARRAY['ORDERED','IN_TRANSIT','AT_PORT','IN_CUSTOMS','CLEARED','DELIVERED'])[1 + g % 6], now(), now()
		FROM organizations o, generate_series(1, $1) g WHERE o.slug = 'bench'`, o.vehicles)
	if err != nil {
		return nil, fmt.Errorf("inserting vehicles: %w", err)
	}
	_, err = db.ExecContext(ctx, "VACUUM ANALYZE")
	return tokens, err
}

// result is what a load phase measured.
type result struct {
	requests   int
	errors     int
	firstError string
	elapsed    time.Duration
	latencies  []time.Duration // sorted
}

func (r *result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
}

// drive sends loadQuery from n keep-alive clients, each on its own
// connection with its own key, for d.
func drive(ctx context.Context, baseURL string, tokens []string, n int, d time.Duration) (*result, error) {
	body := []byte(loadQuery)
	want := []byte(`"totalCount":`)
	type clientResult struct {
		lat        []time.Duration
		errors     int
		firstError string
	}
	results := make([]clientResult, n)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}
			defer c.CloseIdleConnections()
			auth := "Bearer " + tokens[i%len(tokens)]
			res := &results[i]
			res.lat = make([]time.Duration, 0, 1<<16)
			buf := bytes.NewBuffer(make([]byte, 0, 4096))
			for ctx.Err() == nil {
				t0 := time.Now()
				if t0.After(deadline) {
					return
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", auth)
				resp, err := c.Do(req)
				var failure string
				if err != nil {
					failure = err.Error()
				} else {
					buf.Reset()
					_, err = io.Copy(buf, resp.Body)
					resp.Body.Close()
					switch {
					case err != nil:
						failure = err.Error()
					case resp.StatusCode != http.StatusOK || !bytes.Contains(buf.Bytes(), want) || bytes.Contains(buf.Bytes(), []byte(`"errors"`)):
						failure = fmt.Sprintf("HTTP %d: %.300s", resp.StatusCode, buf.String())
					}
				}
				res.lat = append(res.lat, time.Since(t0))
				if failure != "" {
					res.errors++
					if res.firstError == "" {
						res.firstError = failure
					}
					time.Sleep(time.Millisecond) // do not spin on a dead server
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := &result{elapsed: time.Since(start)}
	for _, c := range results {
		out.requests += len(c.lat)
		out.errors += c.errors
		if out.firstError == "" {
			out.firstError = c.firstError
		}
		out.latencies = append(out.latencies, c.lat...)
	}
	slices.Sort(out.latencies)
	return out, nil
}

// rowsWritten is how many rows the database's tables have had inserted,
// updated or deleted, as far as PostgreSQL's statistics know.
// The replicas table is left out: its heartbeat (one row every 2 seconds
// per replica, see internal/replicas) is written by the clock, whatever the
// traffic, so in a 10-second run it would read as per-request writes.
func rowsWritten(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx,
		`SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE relname <> 'replicas'`).Scan(&n)
	return n, err
}

// settledRowsWritten waits for the statistics of ended connections to be
// published (they are, asynchronously, when a backend exits) and returns
// rowsWritten once it stops changing.
func settledRowsWritten(ctx context.Context, db *sql.DB) (int64, error) {
	last := int64(-1)
	for range 20 {
		n, err := rowsWritten(ctx, db)
		if err != nil {
			return 0, err
		}
		if n == last {
			return n, nil
		}
		last = n
		time.Sleep(500 * time.Millisecond)
	}
	return last, nil
}

func fetchProfile(addr, what, path string) {
	resp, err := http.Get("http://" + addr + "/debug/pprof/" + what)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: fetching profile %s: %v\n", what, err)
		return
	}
	defer resp.Body.Close()
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		return
	}
	defer f.Close()
	io.Copy(f, resp.Body)
	fmt.Fprintf(os.Stderr, "bench: wrote %s\n", path)
}

// pgbench runs pgbench -S (select only: one primary-key lookup per
// transaction) with as many clients as the load run, on a scratch database.
func pgbench(ctx context.Context, r *report, admin *sql.DB, o options) (float64, error) {
	bin, err := exec.LookPath("pgbench")
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
		if len(matches) == 0 {
			return 0, fmt.Errorf("pgbench not found: install it with apt-get install postgresql-client (Debian ships it there)")
		}
		bin = matches[len(matches)-1]
	}
	dbURL, drop, err := createDatabase(ctx, admin, o.adminURL, "importops_bench_pgbench_", "")
	if err != nil {
		return 0, err
	}
	defer drop()
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, append(args, dbURL)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("pgbench %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return string(out), nil
	}
	if _, err := run("-i", "-q"); err != nil {
		return 0, err
	}
	threads := min(o.clients, runtime.NumCPU())
	secs := max(3, int(o.duration.Seconds()))
	// The backends' CPU time is sampled from the second second to the
	// second-last, while all clients are connected.
	name := databaseName(dbURL)
	sampled := make(chan time.Duration, 1)
	go func() {
		time.Sleep(time.Second)
		c0 := backendsCPU(name)
		time.Sleep(time.Duration(secs-2) * time.Second)
		sampled <- backendsCPU(name) - c0
	}()
	out, err := run("-S", "-n", "-c", fmt.Sprint(o.clients), "-j", fmt.Sprint(threads), "-T", fmt.Sprint(secs))
	if err != nil {
		return 0, err
	}
	dbCPU := <-sampled
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "tps = "); ok {
			var tps float64
			if _, err := fmt.Sscanf(rest, "%f", &tps); err == nil {
				r.add("pgbench.db_cpu_per_transaction", float64(dbCPU.Microseconds())/(tps*float64(secs-2)), "µs", "the PostgreSQL backends' CPU time / transactions")
				return tps, nil
			}
		}
	}
	return 0, fmt.Errorf("no tps in pgbench's output: %s", out)
}
