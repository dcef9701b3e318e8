package keyrate_test

import (
	"testing"
	"time"

	"importops/internal/keyrate"
)

// clock is a fake clock the tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newLimiter(o keyrate.Options) (*keyrate.Limiter, *clock) {
	c := &clock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	o.Now = c.now
	return keyrate.New(o), c
}

// take sends n requests for key at the current time and returns how many
// were allowed and the last answer.
func take(l *keyrate.Limiter, key, n int, rate, burst float64) (int, keyrate.Response) {
	allowed := 0
	var last keyrate.Response
	for range n {
		last = l.Limit(keyrate.Request{Key: key, Rate: rate, Burst: burst})
		if last.Allowed {
			allowed++
		}
	}
	return allowed, last
}

// TestBurst: a new key may send Burst requests at once, and no more; the
// answers count down.
func TestBurst(t *testing.T) {
	l, _ := newLimiter(keyrate.Options{})
	for i := range 10 {
		res := l.Limit(keyrate.Request{Key: 1, Rate: 5, Burst: 10})
		if !res.Allowed || res.Limit != 10 || res.Remaining != 9-i {
			t.Fatalf("request %d of a burst of 10: %+v, want allowed, limit 10, remaining %d", i+1, res, 9-i)
		}
	}
	res := l.Limit(keyrate.Request{Key: 1, Rate: 5, Burst: 10})
	if res.Allowed || res.Remaining != 0 {
		t.Fatalf("the 11th request at once: %+v, want refused with nothing remaining", res)
	}
	// One token takes 1/5 s; the whole bucket 2 s.
	if res.RetryAfter != 200*time.Millisecond {
		t.Errorf("RetryAfter = %s, want 200ms (one request at 5 a second)", res.RetryAfter)
	}
	if res.Reset != 2*time.Second {
		t.Errorf("Reset = %s, want 2s (10 requests at 5 a second)", res.Reset)
	}
}

// TestRefill: tokens come back at Rate, never beyond Burst.
func TestRefill(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	if n, _ := take(l, 1, 20, 5, 10); n != 10 {
		t.Fatalf("burst allowed %d, want 10", n)
	}
	c.advance(time.Second) // five more
	if n, _ := take(l, 1, 20, 5, 10); n != 5 {
		t.Errorf("after 1 s at 5 a second: %d allowed, want 5", n)
	}
	c.advance(199 * time.Millisecond) // not quite one
	if n, res := take(l, 1, 1, 5, 10); n != 0 || res.RetryAfter != time.Millisecond {
		t.Errorf("after 199 ms: allowed %d, RetryAfter %s; want none and 1ms", n, res.RetryAfter)
	}
	c.advance(time.Hour) // full, not more
	if n, res := take(l, 1, 20, 5, 10); n != 10 {
		t.Errorf("after an hour: %d allowed at once, want the burst of 10 (last %+v)", n, res)
	}
}

// TestRetryAfterIsEnough: waiting exactly RetryAfter always allows the
// next request.
func TestRetryAfterIsEnough(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	for _, rate := range []float64{0.5, 3, 7, 50 / 3.0} {
		key := int(rate * 100)
		take(l, key, 200, rate, 2*rate)
		for i := range 5 {
			res := l.Limit(keyrate.Request{Key: key, Rate: rate, Burst: 2 * rate})
			if res.Allowed {
				t.Fatalf("rate %g, round %d: allowed with an empty bucket", rate, i)
			}
			c.advance(res.RetryAfter)
			if res := l.Limit(keyrate.Request{Key: key, Rate: rate, Burst: 2 * rate}); !res.Allowed {
				t.Fatalf("rate %g, round %d: refused after waiting RetryAfter: %+v", rate, i, res)
			}
		}
	}
}

// TestKeysApart: one key's burst costs another key nothing.
func TestKeysApart(t *testing.T) {
	l, _ := newLimiter(keyrate.Options{})
	take(l, 1, 50, 5, 10)
	if n, _ := take(l, 2, 10, 5, 10); n != 10 {
		t.Errorf("key 2 after key 1's burst: %d of 10 allowed", n)
	}
}

// TestShareShrinks: when the burst shrinks (another replica joined), the
// tokens held are capped at once; when it grows they refill to it.
func TestShareShrinks(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	l.Limit(keyrate.Request{Key: 1, Rate: 50, Burst: 100}) // full bucket of 100, 99 left
	if n, _ := take(l, 1, 100, 25, 50); n != 50 {
		t.Errorf("after the share halved: %d allowed at once, want 50", n)
	}
	c.advance(10 * time.Second)
	if n, _ := take(l, 1, 200, 50, 100); n != 100 {
		t.Errorf("after the share doubled again: %d allowed at once, want 100", n)
	}
}

// TestSmallShare: a share under one request still allows one: a bucket
// that can never hold a token would refuse the key for ever.
func TestSmallShare(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	if n, res := take(l, 1, 3, 0.25, 0.5); n != 1 || res.Limit != 1 {
		t.Errorf("rate 0.25, burst 0.5: %d allowed, limit %d; want 1 and 1", n, res.Limit)
	}
	c.advance(4 * time.Second)
	if n, _ := take(l, 1, 3, 0.25, 0.5); n != 1 {
		t.Errorf("4 s later: %d allowed, want 1", n)
	}
}

// TestEvictIdle: buckets that have refilled are forgotten (memory stays
// bounded by the keys active in the last minute or so), and forgetting
// them changes no answer.
func TestEvictIdle(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	for key := range 1000 {
		take(l, key, 3, 5, 10)
	}
	if l.Len() != 1000 {
		t.Fatalf("holding %d buckets, want 1000", l.Len())
	}
	c.advance(2 * time.Minute) // every bucket full again
	if _, res := take(l, 5000, 1, 5, 10); res.Remaining != 9 {
		t.Fatalf("a new key: %+v", res)
	}
	if l.Len() != 1 {
		t.Errorf("after two idle minutes: %d buckets held, want 1 (the new key's)", l.Len())
	}
	if n, _ := take(l, 7, 20, 5, 10); n != 10 {
		t.Errorf("an evicted key: %d allowed at once, want its full burst of 10", n)
	}
}

// TestEvictKeepsBusy: a sweep forgets only full buckets; a key still
// refilling keeps its state.
func TestEvictKeepsBusy(t *testing.T) {
	l, c := newLimiter(keyrate.Options{})
	take(l, 1, 10, 5, 10)       // key 1 idle from here
	c.advance(59 * time.Second) // key 1 refilled
	take(l, 2, 10, 0.1, 10)     // key 2 needs 100 s to refill
	c.advance(2 * time.Second)  // past the sweep interval
	take(l, 3, 1, 5, 10)        // triggers the sweep
	if l.Len() != 2 {
		t.Errorf("after the sweep: %d buckets, want 2 (keys 2 and 3)", l.Len())
	}
	if n, _ := take(l, 2, 10, 0.1, 10); n != 0 {
		t.Errorf("key 2 after the sweep: %d allowed, want 0 (its bucket was still refilling)", n)
	}
}

// TestMaxKeys: at the bound, a new key makes room by dropping the bucket
// closest to full, so memory never grows past it.
func TestMaxKeys(t *testing.T) {
	l, c := newLimiter(keyrate.Options{MaxKeys: 100})
	for key := range 300 {
		take(l, key, 10, 1, 10)
		c.advance(time.Millisecond)
		if l.Len() > 100 {
			t.Fatalf("holding %d buckets after key %d, bound 100", l.Len(), key)
		}
	}
	// The latest keys stay limited.
	if n, _ := take(l, 299, 5, 1, 10); n != 0 {
		t.Errorf("the latest key after the bound was reached: %d allowed, want 0", n)
	}
}
