package ratelimit

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

func TestSweepBoundsMemory(t *testing.T) {
	c := &clock{t: time.Now()}
	l := New(1, time.Second)
	l.now = c.now
	for i := range maxTracked {
		l.windows[strconv.Itoa(i)] = &window{start: c.t}
	}
	c.t = c.t.Add(2 * time.Second)
	l.Fail("new")
	if len(l.windows) != 1 {
		t.Fatalf("%d windows after the sweep, want only the new one", len(l.windows))
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
