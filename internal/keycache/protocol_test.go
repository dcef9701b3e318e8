package keycache_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"importops/ent"
	"importops/internal/database"
	"importops/internal/keycache"
	"importops/internal/replicas"
	"importops/internal/testenv"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// bump commits an invalidation of key keyID of orgID through db, as a
// change would, and returns its sequence.
func bump(t *testing.T, db *database.DB, orgID, keyID int) int64 {
	t.Helper()
	var seq int64
	err := db.InTx(context.Background(), func(tx *ent.Tx) (err error) {
		seq, err = keycache.Bump(context.Background(), tx, db.Dialect, orgID, keyID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func keep(c *keycache.Cache, digest string, k *keycache.Key) {
	if got, ticket := c.Get(context.Background(), digest); got == nil {
		c.Put(ticket, digest, k)
	}
}

// TestFileWatch: on SQLite, an invalidation committed by another
// process's handle on the file empties memory before the next lookup; a
// write that is not one (a heartbeat) does not.
func TestFileWatch(t *testing.T) {
	url := testenv.SQLiteURL(t)
	mine, other := testenv.Open(t, url), testenv.Open(t, url)
	c := keycache.New(10)
	w := keycache.NewFileWatch(mine.SQL, c)
	defer w.Close()
	ctx := context.Background()
	keep(c, "a", &keycache.Key{ID: 1, OrgID: 1})
	if c.Len() != 1 {
		t.Fatal("the key was not kept")
	}
	if err := replicas.New(other.Client, quiet).Beat(ctx); err != nil {
		t.Fatal(err)
	}
	keep(c, "b", &keycache.Key{ID: 2, OrgID: 1})
	if c.Len() != 2 {
		t.Fatalf("a write that is no invalidation emptied memory: %d keys kept, want 2", c.Len())
	}
	bump(t, other, 1, 1)
	if !w.Trusted(ctx) || c.Len() != 0 {
		t.Errorf("after another handle's invalidation: trusted %v with %d keys, want trusted and empty", w.Trusted(ctx), c.Len())
	}
}

// TestFollowerAcknowledges: on PostgreSQL a replica listening drops the
// key a change names and acknowledges it, and Await returns once it has.
func TestFollowerAcknowledges(t *testing.T) {
	db := testenv.Open(t, testenv.PostgresURL(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reg := replicas.New(db.Client, quiet)
	if err := reg.Beat(ctx); err != nil {
		t.Fatal(err)
	}
	c := keycache.New(10)
	f := keycache.NewFollower(db.SQL, db.DSN(), reg.ID(), c, quiet)
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "the follower's lease", func() bool { return f.Trusted(ctx) })

	keep(c, "a", &keycache.Key{ID: 1, OrgID: 1})
	keep(c, "b", &keycache.Key{ID: 2, OrgID: 1})
	seq := bump(t, db, 1, 1)
	keycache.Await(ctx, db, seq)
	var applied int64
	if err := db.SQL.QueryRow(`SELECT applied_seq FROM replicas WHERE id = $1`, reg.ID()).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied < seq {
		t.Errorf("Await returned with the replica at %d, want %d", applied, seq)
	}
	if k, _ := c.Get(ctx, "a"); k != nil {
		t.Error("the invalidated key is still in memory")
	}
	if k, _ := c.Get(ctx, "b"); k == nil {
		t.Error("another key of the organisation was dropped too")
	}
}

// TestAwaitOutlastsASilentReplica: a replica that holds a lease but
// never acknowledges holds a change back until its lease lapses, and no
// longer.
func TestAwaitOutlastsASilentReplica(t *testing.T) {
	db := testenv.Open(t, testenv.PostgresURL(t))
	_, err := db.SQL.Exec(`INSERT INTO replicas (id, started_at, heartbeat_at, applied_seq, lease_until)
		VALUES ('silent', now(), now(), 0, now() + interval '300 milliseconds')`)
	if err != nil {
		t.Fatal(err)
	}
	seq := bump(t, db, 1, 0)
	keycache.Await(context.Background(), db, seq)
	var live bool
	if err := db.SQL.QueryRow(`SELECT lease_until > now() FROM replicas WHERE id = 'silent'`).Scan(&live); err != nil {
		t.Fatal(err)
	}
	if live {
		t.Error("Await returned while a replica that had not acknowledged still held a lease")
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10 s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
