// Package keycache keeps verified API keys in memory, and keeps the
// contract's promise while it does: a revocation, rotation, change of
// allowed addresses or plan change binds the very next request on every
// process sharing the database. docs/revocation.md describes the protocol
// and what happens when a part of it fails.
//
// Each change increments a sequence in its own transaction (Bump). On
// PostgreSQL it also NOTIFYs; every serving process LISTENs (Follower),
// drops what the change touched, acknowledges the sequence in its
// replicas row and holds a short lease there; the change returns only once
// every replica with a live lease has acknowledged it (Await). A replica
// whose listener is down or whose lease has lapsed reads the database for
// every request. On SQLite, where processes share a file and there is no
// NOTIFY, each request checks whether the file changed (FileWatch).
package keycache

import (
	"container/list"
	"context"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultSize is how many keys a process keeps: far more than the keys
// in use at once in any organisation we know, and about 5 MiB.
const DefaultSize = 20000

// Key is what verifying a key needs, as read from the database. A Key in
// the cache is never changed: a change to the row replaces or drops it.
type Key struct {
	ID, OrgID int
	Prefix    string
	Scopes    []string
	ExpiresAt time.Time
	RevokedAt *time.Time // in the future while a rotation's overlap lasts
	Reason    string     // why it was revoked
	Plan      string     // the organisation's
	// Networks the key may be used from, parsed once when read; empty:
	// any address. An entry that did not parse stays, as the zero
	// Prefix, which contains no address.
	Networks []netip.Prefix
}

// Guard says whether this process may trust its memory for a request:
// Follower on PostgreSQL, FileWatch on SQLite.
type Guard interface {
	Trusted(ctx context.Context) bool
}

// Cache is the keys this process verified recently, by their token's
// digest, least recently used first out. A nil *Cache keeps nothing.
//
// A request that misses reads the database and stores what it read with
// the Ticket it got before reading: every drop advances the generation,
// so a row read before a change cannot be stored after that change was
// applied.
type Cache struct {
	guard Guard

	mu     sync.Mutex
	max    int
	gen    uint64
	items  map[string]*list.Element
	recent *list.List // of *entry, most recent first

	memory, database atomic.Uint64
}

type entry struct {
	digest string
	key    *Key
}

// Ticket is what Get hands to Put: the generation when the request looked,
// and whether the memory could be trusted then.
type Ticket struct {
	gen     uint64
	trusted bool
}

// New returns an empty cache of at most size keys (DefaultSize if 0). It
// trusts nothing until SetGuard.
func New(size int) *Cache {
	if size <= 0 {
		size = DefaultSize
	}
	return &Cache{max: size, items: map[string]*list.Element{}, recent: list.New()}
}

// SetGuard sets what decides whether memory is trusted; called once,
// before serving.
func (c *Cache) SetGuard(g Guard) { c.guard = g }

// Get returns the key with digest if memory may be trusted and holds it.
// Otherwise the caller reads the database and calls Put with the ticket.
func (c *Cache) Get(ctx context.Context, digest string) (*Key, Ticket) {
	if c == nil {
		return nil, Ticket{}
	}
	if c.guard == nil || !c.guard.Trusted(ctx) {
		c.database.Add(1)
		return nil, Ticket{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[digest]; ok {
		c.recent.MoveToFront(el)
		c.memory.Add(1)
		return el.Value.(*entry).key, Ticket{}
	}
	c.database.Add(1)
	return nil, Ticket{gen: c.gen, trusted: true}
}

// Put keeps k, read from the database after Get gave t, unless a change
// was applied in between or memory was not trusted.
func (c *Cache) Put(t Ticket, digest string, k *Key) {
	if c == nil || !t.trusted {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.gen != c.gen {
		return
	}
	if el, ok := c.items[digest]; ok {
		el.Value.(*entry).key = k
		c.recent.MoveToFront(el)
		return
	}
	c.items[digest] = c.recent.PushFront(&entry{digest: digest, key: k})
	for c.recent.Len() > c.max {
		oldest := c.recent.Back()
		c.recent.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).digest)
	}
}

// Drop forgets key keyID of organisation orgID; keyID 0 forgets all of the
// organisation's keys, and orgID 0 everything.
func (c *Cache) Drop(orgID, keyID int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.recent.Front(); el != nil; {
		next := el.Next()
		k := el.Value.(*entry).key
		if orgID == 0 || (k.OrgID == orgID && (keyID == 0 || k.ID == keyID)) {
			c.recent.Remove(el)
			delete(c.items, el.Value.(*entry).digest)
		}
		el = next
	}
}

// Len is the number of keys held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recent.Len()
}

// Lookups counts the verifications answered from memory and those that
// read the database, for the metrics and the tests.
func (c *Cache) Lookups() (memory, database uint64) {
	if c == nil {
		return 0, 0
	}
	return c.memory.Load(), c.database.Load()
}
