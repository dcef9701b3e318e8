package lastused_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"importops/ent"
	"importops/ent/organization"
	"importops/internal/lastused"
	"importops/internal/testenv"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// setup returns a test environment with n keys of one organisation.
func setup(t *testing.T, url string, n int) (*testenv.Env, []*ent.APIKey) {
	t.Helper()
	env := testenv.New(t, url)
	org := env.Org("acme", organization.PlanPRO)
	var keys []*ent.APIKey
	for range n {
		_, k := env.IssueKey(org)
		keys = append(keys, k)
	}
	return env, keys
}

func stored(t *testing.T, env *testenv.Env, id int) *time.Time {
	t.Helper()
	k, err := env.DB.APIKey.Get(testenv.System(), id)
	if err != nil {
		t.Fatalf("reading key %d: %v", id, err)
	}
	return k.LastUsedAt
}

func wantStored(t *testing.T, env *testenv.Env, id int, want time.Time) {
	t.Helper()
	if got := stored(t, env, id); got == nil || !got.Equal(want) {
		t.Errorf("key %d: last_used_at = %v, want %s", id, got, want)
	}
}

var base = time.Now().Add(-time.Hour).UTC().Truncate(time.Second)

// TestFlushWritesPending: Flush writes the latest use of each key, moves
// older stored values forward, and leaves untouched keys alone.
func TestFlushWritesPending(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, keys := setup(t, url, 3)
		r := lastused.New(env.DB.Client, quiet)
		ctx := context.Background()

		if err := r.Flush(ctx); err != nil {
			t.Fatalf("flushing nothing: %v", err)
		}
		old := base.Add(-24 * time.Hour)
		env.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", old, keys[1].ID)

		r.Touch(keys[0].ID, base.Add(time.Second), "", "")
		r.Touch(keys[0].ID, base.Add(3*time.Second+250*time.Millisecond), "", "")
		r.Touch(keys[0].ID, base.Add(2*time.Second), "", "")
		r.Touch(keys[1].ID, base, "", "")
		if got := stored(t, env, keys[0].ID); got != nil {
			t.Fatalf("Touch wrote last_used_at = %s before any flush", got)
		}
		if err := r.Flush(ctx); err != nil {
			t.Fatalf("flush: %v", err)
		}
		wantStored(t, env, keys[0].ID, base.Add(3*time.Second+250*time.Millisecond))
		wantStored(t, env, keys[1].ID, base)
		if got := stored(t, env, keys[2].ID); got != nil {
			t.Errorf("an unused key got last_used_at = %s", got)
		}

		// Written values are no longer pending, and an older use never
		// moves the stored value back.
		env.Exec("UPDATE api_keys SET last_used_at = ? WHERE id = ?", old, keys[0].ID)
		r.Touch(keys[1].ID, base.Add(-time.Minute), "", "")
		if err := r.Flush(ctx); err != nil {
			t.Fatalf("flush: %v", err)
		}
		wantStored(t, env, keys[0].ID, old)
		wantStored(t, env, keys[1].ID, base)
	})
}

// switchable is a database driver whose connection can be replaced, so one
// Recorder can meet a failing database and then a working one.
type switchable struct {
	cur atomic.Pointer[entsql.Driver]
}

func (s *switchable) use(d *entsql.Driver) { s.cur.Store(d) }
func (s *switchable) Exec(ctx context.Context, q string, args, v any) error {
	return s.cur.Load().Exec(ctx, q, args, v)
}
func (s *switchable) Query(ctx context.Context, q string, args, v any) error {
	return s.cur.Load().Query(ctx, q, args, v)
}
func (s *switchable) Tx(ctx context.Context) (dialect.Tx, error) { return s.cur.Load().Tx(ctx) }
func (s *switchable) Close() error                               { return nil }
func (s *switchable) Dialect() string                            { return s.cur.Load().Dialect() }

// TestFlushFailureKeepsPending: when the database fails, Flush reports it
// and keeps the uses, which a later Flush writes.
func TestFlushFailureKeepsPending(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, keys := setup(t, url, 2)
		broken := testenv.Open(t, url)
		broken.SQL.Close()

		drv := &switchable{}
		drv.use(entsql.OpenDB(broken.Dialect, broken.SQL))
		r := lastused.New(ent.NewClient(ent.Driver(drv)), quiet)
		ctx := context.Background()

		r.Touch(keys[0].ID, base, "", "")
		r.Touch(keys[1].ID, base.Add(time.Second), "", "")
		if err := r.Flush(ctx); err == nil {
			t.Fatal("Flush on a closed database returned no error")
		}
		// Uses noted while the database was down merge with the kept ones.
		r.Touch(keys[0].ID, base.Add(-time.Minute), "", "")
		r.Touch(keys[1].ID, base.Add(2*time.Second), "", "")
		if err := r.Flush(ctx); err == nil {
			t.Fatal("second Flush on a closed database returned no error")
		}
		for _, k := range keys {
			if got := stored(t, env, k.ID); got != nil {
				t.Fatalf("key %d: last_used_at = %s, written through a closed database?", k.ID, got)
			}
		}

		drv.use(entsql.OpenDB(env.DB.Dialect, env.DB.SQL))
		if err := r.Flush(ctx); err != nil {
			t.Fatalf("Flush on the working database: %v", err)
		}
		wantStored(t, env, keys[0].ID, base)
		wantStored(t, env, keys[1].ID, base.Add(2*time.Second))
	})
}

// TestRunFlushesOnCancel: when Run's context ends, it flushes what is
// pending before returning, long before its interval.
func TestRunFlushesOnCancel(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, keys := setup(t, url, 1)
		r := lastused.New(env.DB.Client, quiet)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			r.Run(ctx, 24*time.Hour)
		}()

		r.Touch(keys[0].ID, base, "", "")
		if got := stored(t, env, keys[0].ID); got != nil {
			t.Fatalf("last_used_at = %s before the shutdown flush", got)
		}
		cancel()
		<-done
		wantStored(t, env, keys[0].ID, base)
	})
}

// TestTouchDuringFlush (run with -race): uses noted from many goroutines
// while flushes run are neither lost nor raced; the stored value of each
// key is its latest use.
func TestTouchDuringFlush(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		const goroutines, touches = 16, 200
		env, keys := setup(t, url, 4)
		r := lastused.New(env.DB.Client, quiet)
		ctx := context.Background()

		stop := make(chan struct{})
		flushed := make(chan error, 1)
		go func() {
			var firstErr error
			for {
				select {
				case <-stop:
					flushed <- firstErr
					return
				default:
				}
				if err := r.Flush(ctx); err != nil && firstErr == nil {
					firstErr = err
				}
			}
		}()

		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range touches {
					k := keys[(g+i)%len(keys)]
					r.Touch(k.ID, base.Add(time.Duration(g*touches+i)*time.Millisecond), "", "")
				}
			}()
		}
		wg.Wait()
		close(stop)
		if err := <-flushed; err != nil {
			t.Fatalf("a concurrent flush failed: %v", err)
		}
		if err := r.Flush(ctx); err != nil {
			t.Fatalf("final flush: %v", err)
		}

		latest := map[int]time.Time{}
		for g := range goroutines {
			for i := range touches {
				id := keys[(g+i)%len(keys)].ID
				if at := base.Add(time.Duration(g*touches+i) * time.Millisecond); at.After(latest[id]) {
					latest[id] = at
				}
			}
		}
		for id, at := range latest {
			wantStored(t, env, id, at)
		}
	})
}

// The contract: last used is visible within 60 seconds. The periodic flush
// must therefore run at least that often, and must write without any
// shutdown.
func TestRunFlushesPeriodically(t *testing.T) {
	if lastused.Interval > 60*time.Second {
		t.Fatalf("lastused.Interval = %s: last use would not show within 60 seconds", lastused.Interval)
	}
	env, keys := setup(t, testenv.SQLiteURL(t), 1)
	r := lastused.New(env.DB.Client, quiet)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.Run(ctx, 10*time.Millisecond)

	r.Touch(keys[0].ID, base, "", "")
	// Wait for a tick to write it; the bound only guards against a hang.
	for deadline := time.Now().Add(30 * time.Second); stored(t, env, keys[0].ID) == nil; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the periodic flush never wrote the use")
		}
	}
	wantStored(t, env, keys[0].ID, base)
}
