package keycache

import (
	"context"
	"testing"
)

// trust is a Guard a test sets.
type trust bool

func (t *trust) Trusted(context.Context) bool { return bool(*t) }

func newTrusted(size int) (*Cache, *trust) {
	c := New(size)
	t := trust(true)
	c.SetGuard(&t)
	return c, &t
}

// keep looks digest up and, on a miss, stores k as a request would.
func keep(c *Cache, digest string, k *Key) {
	if got, ticket := c.Get(context.Background(), digest); got == nil {
		c.Put(ticket, digest, k)
	}
}

func has(c *Cache, digest string) bool {
	k, _ := c.Get(context.Background(), digest)
	return k != nil
}

func TestCacheKeepsTheMostRecentlyUsed(t *testing.T) {
	c, _ := newTrusted(2)
	keep(c, "a", &Key{ID: 1, OrgID: 1})
	keep(c, "b", &Key{ID: 2, OrgID: 1})
	if !has(c, "a") { // a is now the most recent
		t.Fatal("a not kept")
	}
	keep(c, "c", &Key{ID: 3, OrgID: 1})
	if c.Len() != 2 || has(c, "b") || !has(c, "a") || !has(c, "c") {
		t.Errorf("want a and c kept, b (least recently used) gone; len %d", c.Len())
	}
	mem, db := c.Lookups()
	if mem != 3 || db != 4 { // has(b) missed
		t.Errorf("lookups: %d from memory, %d from the database; want 3 and 4", mem, db)
	}
}

// A row read before a change must not be kept after the change was
// applied: the request's ticket is from before.
func TestCacheRefusesARowReadBeforeADrop(t *testing.T) {
	c, _ := newTrusted(10)
	_, ticket := c.Get(context.Background(), "a")
	c.Drop(1, 1)
	c.Put(ticket, "a", &Key{ID: 1, OrgID: 1})
	if has(c, "a") {
		t.Error("a row read before the drop was kept")
	}
}

func TestCacheDrop(t *testing.T) {
	c, _ := newTrusted(10)
	fill := func() {
		keep(c, "k1", &Key{ID: 1, OrgID: 1})
		keep(c, "k2", &Key{ID: 2, OrgID: 1})
		keep(c, "k3", &Key{ID: 3, OrgID: 2})
	}
	fill()
	c.Drop(1, 2)
	if has(c, "k2") || !has(c, "k1") || !has(c, "k3") {
		t.Error("dropping key 2 of organisation 1: want only k2 gone")
	}
	c.Drop(2, 0)
	if has(c, "k3") || !has(c, "k1") {
		t.Error("dropping organisation 2: want only its key gone")
	}
	fill()
	c.Drop(0, 0)
	if c.Len() != 0 {
		t.Errorf("dropping everything left %d keys", c.Len())
	}
}

// Untrusted memory is neither read nor filled.
func TestCacheUntrusted(t *testing.T) {
	c, trusted := newTrusted(10)
	keep(c, "a", &Key{ID: 1, OrgID: 1})
	*trusted = false
	if has(c, "a") {
		t.Error("memory read while not trusted")
	}
	keep(c, "b", &Key{ID: 2, OrgID: 1})
	*trusted = true
	if has(c, "b") {
		t.Error("memory filled while not trusted")
	}
	var none *Cache
	if k, _ := none.Get(context.Background(), "a"); k != nil {
		t.Error("a nil cache returned a key")
	}
}
