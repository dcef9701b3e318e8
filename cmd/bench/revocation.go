package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The revocation promise under load, with keys verified from memory
// (docs/revocation.md): three replicas on one PostgreSQL database; for
// each try, replicas B and C serve a key at full speed while it is
// revoked through replica A (or its organisation moved to Core by the
// command line). No request that starts after the change returned may be
// served, on any replica.

const (
	revocationTries = 20
	// hammerClients per serving replica.
	hammerClients = 4
	// afterwards is how long the key is still sent after the change
	// returned: requests that must all be refused.
	afterwards = 100 * time.Millisecond
)

// trial is one try's outcome.
type trial struct {
	servedAfter int           // requests started after the change returned, and served
	gap         time.Duration // from the change's start to the start of the last request served
	took        time.Duration // the change, until it returned
}

func revocationRun(ctx context.Context, r *report, o options, bin, tmp string) error {
	admin, err := sql.Open("postgres", o.adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	dbURL, drop, err := createDatabase(ctx, admin, o.adminURL, "importops_bench_revoke_", "")
	if err != nil {
		return err
	}
	defer drop()
	const password = "correct horse battery staple"
	if err := cliRun(ctx, bin, dbURL, "", "org", "create", "--slug", "bench", "--name", "Bench Imports", "--plan", "pro"); err != nil {
		return err
	}
	if err := cliRun(ctx, bin, dbURL, password, "user", "create", "--org", "bench", "--email", "ada@bench.test",
		"--name", "Ada Admin", "--role", "admin", "--password-stdin"); err != nil {
		return err
	}
	var bases []string
	for range 3 {
		srv, err := startServer(ctx, bin, dbURL, tmp)
		if err != nil {
			return err
		}
		defer srv.stop()
		if _, err := srv.waitHealthy(ctx, 30*time.Second); err != nil {
			return err
		}
		bases = append(bases, srv.URL)
	}
	a, err := signInOver(bases[0], "ada@bench.test", password)
	if err != nil {
		return err
	}

	revokes, err := tries(func(i int) (trial, error) {
		id, tok, err := a.newKey(fmt.Sprintf("revoked under load %d", i+1))
		if err != nil {
			return trial{}, err
		}
		return measure(bases[1:], tok, func() error {
			var out struct{}
			return a.do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }`, map[string]any{"id": id}, &out)
		})
	})
	if err != nil {
		return err
	}
	report3(r, "revokeApiKey on A", revokes)

	_, tok, err := a.newKey("plan-bound under load")
	if err != nil {
		return err
	}
	plans, err := tries(func(int) (trial, error) {
		t, err := measure(bases[1:], tok, func() error {
			return cliRun(ctx, bin, dbURL, "", "org", "set-plan", "--org", "bench", "--plan", "core")
		})
		if err != nil {
			return t, err
		}
		return t, cliRun(ctx, bin, dbURL, "", "org", "set-plan", "--org", "bench", "--plan", "pro")
	})
	if err != nil {
		return err
	}
	report3(r, "org set-plan core (command line)", plans)
	return nil
}

func tries(try func(i int) (trial, error)) ([]trial, error) {
	var out []trial
	for i := range revocationTries {
		t, err := try(i)
		if err != nil {
			return nil, fmt.Errorf("try %d: %w", i+1, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// measure hammers bases with token, makes the change once every client
// has been served, goes on for a while after it returned, and counts.
func measure(bases []string, token string, change func() error) (trial, error) {
	warm, stop := make(chan struct{}), make(chan struct{})
	var streams [][]call
	done := make(chan struct{})
	go func() { streams = hammer(bases, hammerClients, token, warm, stop); close(done) }()
	select {
	case <-warm:
	case <-time.After(30 * time.Second):
		close(stop)
		<-done
		return trial{}, fmt.Errorf("the key was not served on every replica within 30 s")
	}
	began := time.Now()
	err := change()
	returned := time.Now()
	time.Sleep(afterwards) // traffic that must all be refused
	close(stop)
	<-done
	if err != nil {
		return trial{}, err
	}
	t := trial{took: returned.Sub(began)}
	for _, s := range streams {
		for _, c := range s {
			if !c.served {
				continue
			}
			if c.start.After(returned) {
				t.servedAfter++
			}
			t.gap = max(t.gap, c.start.Sub(began))
		}
	}
	return t, nil
}

func report3(r *report, what string, ts []trial) {
	var served int
	var gap, took time.Duration
	for _, t := range ts {
		served += t.servedAfter
		gap = max(gap, t.gap)
		took = max(took, t.took)
	}
	note := fmt.Sprintf("%d tries; B and C each hammered by %d clients", len(ts), hammerClients)
	r.check("revocation: served after "+what+" returned", float64(served), "requests", fmt.Sprintf("0 in ≥%d tries", revocationTries),
		served == 0 && len(ts) >= revocationTries, note)
	r.add("revocation: "+what+", largest gap to the last served", ms(gap), "ms", "from the change's start to the start of the last request served")
	r.add("revocation: "+what+", slowest", ms(took), "ms", "until it returned, every replica having dropped the key")
}
