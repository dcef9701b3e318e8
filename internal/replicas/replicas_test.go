package replicas

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"importops/internal/testenv"
)

// process is one serving process's registry on its own connection pool,
// with a clock the test moves.
type process struct {
	*Registry
	clock *time.Time
	logs  *lockedBuffer
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newProcess(t *testing.T, url string, start time.Time) *process {
	t.Helper()
	db := testenv.Open(t, url)
	logs := &lockedBuffer{}
	r := New(db.Client, slog.New(slog.NewJSONHandler(logs, nil)))
	p := &process{Registry: r, clock: &start, logs: logs}
	r.now = func() time.Time { return *p.clock }
	return p
}

func (p *process) at(t time.Time) *process { *p.clock = t; return p }

func (p *process) beat(t *testing.T) int {
	t.Helper()
	if err := p.Beat(context.Background()); err != nil {
		t.Fatalf("heartbeat: %v", err)
	}
	return p.Live()
}

// TestCount: processes on one database count each other after their
// heartbeats, and stop counting one that left.
func TestCount(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		t0 := time.Now()
		a, b := newProcess(t, url, t0), newProcess(t, url, t0)
		if a.Live() != 1 {
			t.Fatalf("before any heartbeat: %d live, want 1 (itself)", a.Live())
		}
		if n := a.beat(t); n != 1 {
			t.Errorf("A alone: %d live, want 1", n)
		}
		if n := b.at(t0.Add(time.Second)).beat(t); n != 2 {
			t.Errorf("B after A: %d live, want 2", n)
		}
		if n := a.at(t0.Add(2 * time.Second)).beat(t); n != 2 {
			t.Errorf("A's next heartbeat: %d live, want 2", n)
		}
		if err := b.Leave(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := a.at(t0.Add(4 * time.Second)).beat(t); n != 1 {
			t.Errorf("after B left: A counts %d, want 1", n)
		}
		if n := b.beat(t); n != 2 {
			t.Errorf("B back after leaving: %d, want 2", n)
		}
	})
}

// TestDeadReplica: a process that stops without leaving (killed) stops
// counting after three intervals, and its row is deleted after a minute.
func TestDeadReplica(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		t0 := time.Now()
		a, dead := newProcess(t, url, t0), newProcess(t, url, t0)
		dead.beat(t)
		if n := a.beat(t); n != 2 {
			t.Fatalf("A with the other alive: %d, want 2", n)
		}
		if n := a.at(t0.Add(liveFor - time.Second)).beat(t); n != 2 {
			t.Errorf("%s after the other's last heartbeat: %d live, want still 2", liveFor-time.Second, n)
		}
		if n := a.at(t0.Add(liveFor + time.Second)).beat(t); n != 1 {
			t.Errorf("%s after the other's last heartbeat: %d live, want 1", liveFor+time.Second, n)
		}
		a.at(t0.Add(forgetAfter + time.Second)).beat(t)
		ids, err := a.client.Replica.Query().IDs(context.Background())
		if err != nil || len(ids) != 1 || ids[0] != a.ID() {
			t.Errorf("after a minute the rows are %v (%v), want A's alone", ids, err)
		}
	})
}

// TestDatabaseDown: a heartbeat that cannot reach the database keeps the
// last count (the limit each key gets must not jump), and Run goes on,
// logging the failure once.
func TestDatabaseDown(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		t0 := time.Now()
		a, b := newProcess(t, url, t0), newProcess(t, url, t0)
		b.beat(t)
		if n := a.beat(t); n != 2 {
			t.Fatalf("A: %d live, want 2", n)
		}
		a.client.Close() // A's database is gone
		if err := a.Beat(context.Background()); err == nil {
			t.Fatal("a heartbeat on a closed database succeeded")
		}
		if a.Live() != 2 {
			t.Errorf("after a failed heartbeat: %d live, want the last count, 2", a.Live())
		}

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { a.Run(ctx, time.Millisecond) })
		// Run beats at once and then every millisecond; a few beats are
		// enough to see it did not stop at the first failure.
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(a.logText(), "heartbeat") == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		cancel()
		wg.Wait()
		logs := a.logText()
		if n := strings.Count(logs, "writing this replica's heartbeat"); n != 1 {
			t.Errorf("failed heartbeats logged %d times, want once:\n%s", n, logs)
		}
		if a.Live() != 2 {
			t.Errorf("after Run on a dead database: %d live, want 2", a.Live())
		}
	})
}

func (p *process) logText() string { return p.logs.String() }
