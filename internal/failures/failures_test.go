package failures

import (
	"strconv"
	"sync"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimiter(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(3, time.Minute)
	l.now = c.now

	for i := range 3 {
		if w := l.Wait("1.2.3.4"); w != 0 {
			t.Fatalf("after %d failures: wait %v, want none", i, w)
		}
		l.Fail("1.2.3.4")
	}
	if w := l.Wait("1.2.3.4"); w != time.Minute {
		t.Fatalf("after 3 failures: wait %v, want the rest of the window (1m)", w)
	}
	if w := l.Wait("5.6.7.8"); w != 0 {
		t.Fatalf("another address waits %v, want none", w)
	}
	c.t = c.t.Add(40 * time.Second)
	if w := l.Wait("1.2.3.4"); w != 20*time.Second {
		t.Fatalf("40s later: wait %v, want 20s", w)
	}
	c.t = c.t.Add(20 * time.Second)
	if w := l.Wait("1.2.3.4"); w != 0 {
		t.Fatalf("when the window ends: wait %v, want none", w)
	}
	l.Fail("1.2.3.4")
	if w := l.Wait("1.2.3.4"); w != 0 {
		t.Fatalf("one failure in a new window: wait %v, want none", w)
	}
}

// At its bound the limiter forgets the key whose last failure is the
// oldest, one at a time: everyone else, and above all a key failing now,
// keeps its count. (It used to forget every key at once.)
func TestBoundedByEvictingTheOldest(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(3, time.Hour)
	l.now = c.now
	l.maxTracked = 100

	// "busy" fails first, so it would be the oldest, but it keeps failing.
	l.Fail("busy")
	l.Fail("busy")
	for i := range 99 {
		c.t = c.t.Add(time.Second)
		l.Fail(strconv.Itoa(i))
		if i == 50 {
			l.Fail("busy") // its third failure: now limited, and recent
		}
	}
	if n := l.Tracked(); n != 100 {
		t.Fatalf("tracking %d keys, want 100", n)
	}
	for i := range 10 {
		l.Fail("new" + strconv.Itoa(i))
	}
	if n := l.Tracked(); n != 100 {
		t.Fatalf("after 10 more keys: tracking %d, want the bound of 100", n)
	}
	if w := l.Wait("busy"); w == 0 {
		t.Fatal("the key that failed recently lost its count to the eviction")
	}
	// The ten whose last failure was the oldest are gone, "0" to "9";
	// "10" onwards are kept.
	for i := range 99 {
		_, kept := l.byKey[strconv.Itoa(i)]
		if kept != (i >= 10) {
			t.Errorf("key %d kept = %v, want %v", i, kept, i >= 10)
		}
	}
}

func TestExpiredWindowsAreDropped(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(1, time.Minute)
	l.now = c.now
	l.Fail("a")
	c.t = c.t.Add(time.Minute)
	if w := l.Wait("a"); w != 0 || l.Tracked() != 0 {
		t.Fatalf("after the window: wait %v, tracking %d; want none and none", w, l.Tracked())
	}
}

func TestConcurrent(t *testing.T) {
	l := New(1000, time.Minute)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				l.Fail("k")
				l.Wait("k")
			}
		})
	}
	wg.Wait()
	if w := l.Wait("k"); w != 0 {
		t.Fatalf("800 failures against a limit of 1000: wait %v, want none", w)
	}
	for range 200 {
		l.Fail("k")
	}
	if w := l.Wait("k"); w == 0 {
		t.Fatal("1000 failures against a limit of 1000: no wait, want the rest of the window")
	}
}
