package fairshare

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"importops/internal/apierr"
	"importops/internal/viewer"
)

func key(org, id int) *viewer.Viewer  { return &viewer.Viewer{OrgID: org, KeyID: id} }
func user(org, id int) *viewer.Viewer { return &viewer.Viewer{OrgID: org, UserID: id} }

func mustAcquire(t *testing.T, l *Limiter, v *viewer.Viewer) func() {
	t.Helper()
	release, err := l.Acquire(context.Background(), v)
	if err != nil {
		t.Fatalf("acquire for %+v: %v", v, err)
	}
	return release
}

func wantBusy(t *testing.T, l *Limiter, v *viewer.Viewer, who string) {
	t.Helper()
	_, err := l.Acquire(context.Background(), v)
	if err == nil || err.Code != apierr.RateLimited || err.RetryAfter <= 0 {
		t.Fatalf("acquire for %+v: %v, want RATE_LIMITED with a wait", v, err)
	}
	if got := err.Message; len(got) < len(who) || got[:len(who)] != who {
		t.Errorf("message %q, want it to start %q", got, who)
	}
}

// A caller runs PerCaller requests, an organisation PerOrg, whoever its
// callers; other organisations are not affected; releasing frees a turn.
func TestLimits(t *testing.T) {
	l := New(&Limits{PerOrg: 3, PerCaller: 2, Wait: 10 * time.Millisecond, Queue: 4})
	r1 := mustAcquire(t, l, key(1, 1))
	mustAcquire(t, l, key(1, 1))
	wantBusy(t, l, key(1, 1), "This API key already has 2")
	mustAcquire(t, l, user(1, 7))
	wantBusy(t, l, key(1, 2), "Your organisation already has 3")
	wantBusy(t, l, user(1, 8), "Your organisation already has 3")
	// Another organisation has its own share.
	for i := range 3 {
		mustAcquire(t, l, key(2, 10+i))
	}
	r1()
	mustAcquire(t, l, key(1, 2))
}

// A request waits for a turn up to Wait, and gets one freed meanwhile.
func TestWaitsForATurn(t *testing.T) {
	l := New(&Limits{PerOrg: 1, PerCaller: 1, Wait: 5 * time.Second, Queue: 4})
	release := mustAcquire(t, l, key(1, 1))
	time.AfterFunc(50*time.Millisecond, release)
	start := time.Now()
	mustAcquire(t, l, key(1, 2))
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("got the turn after %s", took)
	}
}

// At most Queue requests wait; more are refused at once.
func TestQueueIsBounded(t *testing.T) {
	l := New(&Limits{PerOrg: 1, PerCaller: 1, Wait: time.Hour, Queue: 1})
	release := mustAcquire(t, l, key(1, 1))
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan *apierr.Error)
	go func() { _, err := l.Acquire(ctx, key(1, 1)); waiting <- err }()
	for { // until the waiter is counted
		l.mu.Lock()
		n := l.slots["key:1"].users
		l.mu.Unlock()
		if n == 2 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	wantBusy(t, l, key(1, 1), "This API key already has 1")
	cancel()
	if err := <-waiting; err == nil {
		t.Error("a cancelled waiter got a turn")
	}
	release()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.slots) != 0 {
		t.Errorf("slots kept after every request ended: %v", l.slots)
	}
}

// The middleware answers 429 with Retry-After, and lets requests without
// a viewer through.
func TestMiddleware(t *testing.T) {
	l := New(&Limits{PerOrg: 1, PerCaller: 1, Wait: time.Millisecond, Queue: 1})
	hold := mustAcquire(t, l, key(1, 1))
	defer hold()
	h := l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(viewer.NewContext(req.Context(), key(1, 2))))
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("over the share: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("anonymous request: %d", rec.Code)
	}
}
