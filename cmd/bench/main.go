// Command bench measures ImportOps' performance on this machine and prints
// a readable table, then one JSON line per figure. `make bench` runs it.
//
// It is not part of the importops binary: it builds that binary, starts it
// as an operator would, and drives it. Everything runs against PostgreSQL
// on 127.0.0.1:5432 (IMPORTOPS_TEST_POSTGRES overrides it, as for the tests)
// in databases it creates and drops, and SQLite files in a temporary
// directory. See docs/performance.md for what each figure means.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type options struct {
	adminURL  string
	clients   int
	warmup    time.Duration
	duration  time.Duration
	rounds    int
	vehicles  int
	keys      int
	scaleKeys int
	orgKeys   int
	audit     int
	skip      map[string]bool
	profile   string
	bin       string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == handwrittenArg {
		runHandwritten(os.Args[2:])
		return
	}
	var o options
	var skip string
	flag.StringVar(&o.adminURL, "pg", postgresAdminURL(), "PostgreSQL server to create the benchmark databases on")
	flag.IntVar(&o.clients, "clients", 16, "concurrent keep-alive clients in the load run (and pgbench)")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "load before measuring")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "measured load of each server, split into -rounds")
	flag.IntVar(&o.rounds, "rounds", 10, "rounds of the load run, each measuring importops then the hand-written server")
	flag.IntVar(&o.vehicles, "vehicles", 200, "vehicles in the load run's organisation")
	flag.IntVar(&o.keys, "keys", 20, "keys the load run's clients use")
	flag.IntVar(&o.scaleKeys, "scale-keys", 1_000_000, "keys in the table for the large verification figure")
	flag.IntVar(&o.orgKeys, "org-keys", 10_000, "keys of the organisation whose first keys page is timed")
	flag.IntVar(&o.audit, "audit", 1_000_000, "audit entries of the organisation whose first auditLog page is timed")
	flag.StringVar(&skip, "skip", "", "comma-separated parts to skip: go, cold, load, scale, revocation")
	flag.StringVar(&o.profile, "profile", "", "directory to write the load run server's CPU and heap profiles to (builds the server with a profiling hook)")
	flag.StringVar(&o.bin, "bin", "", "an importops binary to measure instead of building ./cmd/importops (to compare versions)")
	flag.Parse()
	o.skip = map[string]bool{}
	for _, s := range splitComma(skip) {
		o.skip[s] = true
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	tmp, err := os.MkdirTemp("", "importops-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	r := &report{}
	start := time.Now()

	if !o.skip["go"] {
		step("Go benchmarks (go test -bench, -benchmem)")
		if err := goBenchmarks(ctx, r); err != nil {
			return err
		}
	}
	var bin string
	if !o.skip["cold"] || !o.skip["load"] || !o.skip["revocation"] {
		step("building importops")
		bin = o.bin
		if bin == "" {
			bin = filepath.Join(tmp, "importops")
			if err := build(ctx, bin, o.profile != ""); err != nil {
				return err
			}
		}
	}
	if !o.skip["cold"] {
		step("cold start on a new SQLite file")
		if err := coldStart(ctx, r, bin, tmp); err != nil {
			return err
		}
	}
	if !o.skip["load"] {
		step(fmt.Sprintf("load run: %d clients, %s warm-up, %s measured; then pgbench -S", o.clients, o.warmup, o.duration))
		if err := loadRun(ctx, r, o, bin, tmp); err != nil {
			return err
		}
	}
	if !o.skip["revocation"] {
		step(fmt.Sprintf("revocation under load: 3 replicas, %d tries each of revokeApiKey and a plan change", revocationTries))
		if err := revocationRun(ctx, r, o, bin, tmp); err != nil {
			return err
		}
	}
	if !o.skip["scale"] {
		step(fmt.Sprintf("scale: %d and %d keys, %d keys in one organisation, %d audit entries", 1000, o.scaleKeys, o.orgKeys, o.audit))
		if err := scale(ctx, r, o); err != nil {
			return err
		}
	}
	r.print(os.Stdout)
	fmt.Fprintf(os.Stderr, "bench: done in %s\n", time.Since(start).Round(time.Second))
	return nil
}

func step(s string) { fmt.Fprintf(os.Stderr, "bench: %s\n", s) }

func postgresAdminURL() string {
	if u := os.Getenv("IMPORTOPS_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

func splitComma(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ',' {
			i++
		}
		if i > 0 {
			out = append(out, s[:i])
		}
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}
