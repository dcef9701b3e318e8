package lastused

import (
	"io"
	"log/slog"
	"testing"
	"time"
)

// TestTouchCoalesces: pending holds one value per key, the latest, however
// many uses and in whatever order they are noted.
func TestTouchCoalesces(t *testing.T) {
	r := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, touch := range []struct {
		id  int
		off time.Duration
	}{
		{1, 2 * time.Second}, {1, 5 * time.Second}, {1, time.Second}, {2, 0},
		{1, 5 * time.Second}, {2, time.Millisecond}, {3, time.Hour}, {2, -time.Hour}, {1, 4 * time.Second},
	} {
		r.Touch(touch.id, base.Add(touch.off), "", "")
	}
	want := map[int]time.Time{1: base.Add(5 * time.Second), 2: base.Add(time.Millisecond), 3: base.Add(time.Hour)}
	if len(r.pending) != len(want) {
		t.Fatalf("pending = %v, want one value per key: %v", r.pending, want)
	}
	for id, at := range want {
		if !r.pending[id].at.Equal(at) {
			t.Errorf("pending[%d] = %s, want the latest %s", id, r.pending[id].at, at)
		}
	}
}
