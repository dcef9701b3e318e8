package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The load run measures importops and the hand-written server in turn,
// round after round, so that both see the same machine (other work on it
// comes and goes): their ratio is the median of the rounds' ratios.

// target is a server under load and the database its backends serve.
type target struct {
	p  *process
	db string
}

// round is what one server did in one round, and the CPU time it took: the
// server process's, its PostgreSQL backends' (read from /proc, see
// backendsCPU) and the load clients' (this program's).
type round struct {
	res                *result
	server, db, client time.Duration
}

func (t target) measure(ctx context.Context, tokens []string, clients int, d time.Duration) (round, error) {
	cpu0, err := t.p.cpuTime()
	if err != nil {
		return round{}, err
	}
	pg0, self0 := backendsCPU(t.db), selfCPU()
	res, err := drive(ctx, t.p.URL, tokens, clients, d)
	if err != nil {
		return round{}, err
	}
	cpu1, err := t.p.cpuTime()
	if err != nil {
		return round{}, err
	}
	return round{res: res, server: cpu1 - cpu0, db: backendsCPU(t.db) - pg0, client: selfCPU() - self0}, nil
}

func (r round) rps() float64 { return float64(r.res.requests) / r.res.elapsed.Seconds() }

// perRequest is the median over rounds of a CPU time per request, in µs.
func perRequest(rounds []round, cpu func(round) time.Duration) float64 {
	v := make([]float64, len(rounds))
	for i, r := range rounds {
		v[i] = float64(cpu(r).Microseconds()) / float64(max(1, r.res.requests))
	}
	return median(v)
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// merged is the rounds' results as one.
func merged(rounds []round) *result {
	out := &result{}
	for _, r := range rounds {
		out.requests += r.res.requests
		out.errors += r.res.errors
		out.elapsed += r.res.elapsed
		if out.firstError == "" {
			out.firstError = r.res.firstError
		}
		out.latencies = append(out.latencies, r.res.latencies...)
	}
	slices.Sort(out.latencies)
	return out
}

// reportCPU adds the CPU time per request of the server, PostgreSQL and
// the clients, medians of the rounds.
func reportCPU(r *report, prefix string, rounds []round) {
	r.add(prefix+".server_cpu_per_request", perRequest(rounds, func(r round) time.Duration { return r.server }), "µs", "the server process's user+system CPU time / requests (/proc/PID/stat)")
	db := perRequest(rounds, func(r round) time.Duration { return r.db })
	if prefix == "load" {
		r.check(prefix+".db_cpu_per_request", db, "µs", "<= 150 µs", db <= 150, "the PostgreSQL backends' CPU time / requests (/proc of the backends serving its database)")
	} else {
		r.add(prefix+".db_cpu_per_request", db, "µs", "the PostgreSQL backends' CPU time / requests (/proc of the backends serving its database)")
	}
	r.add(prefix+".client_cpu_per_request", perRequest(rounds, func(r round) time.Duration { return r.client }), "µs", "the load clients' (this program's) CPU time / requests")
}

// compareHandwritten reports the hand-written server's figures and
// importops' requests per second as a ratio of its, round by round.
func compareHandwritten(r *report, ours, theirs []round) {
	res := merged(theirs)
	r.check("handwritten.errors", float64(res.errors), "errors", "0", res.errors == 0, res.firstError)
	r.add("handwritten.rps", float64(res.requests)/res.elapsed.Seconds(), "req/s", "cmd/bench/handwritten.go, today's SQL (key, page, count), prepared statements")
	reportCPU(r, "handwritten", theirs)
	ratios := make([]float64, len(ours))
	shown := make([]string, len(ours))
	for i := range ours {
		ratios[i] = ours[i].rps() / theirs[i].rps()
		shown[i] = fmt.Sprintf("%.2f", ratios[i])
	}
	ratio := median(ratios)
	r.check("load.rps_vs_handwritten", ratio, "×", ">= 1.0", ratio >= 1.0,
		"median of the rounds' ratios ("+strings.Join(shown, ", ")+"); importops then the hand-written server in each round")
}

// databaseName is the database a PostgreSQL URL names.
func databaseName(url string) string {
	name := url[strings.LastIndex(url, "/")+1:]
	name, _, _ = strings.Cut(name, "?")
	return name
}
