package reqlog

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// TestResponseCutByWriteTimeout: a small answer written after the
// server's WriteTimeout never reaches the client, though the handler's
// writes succeed (they wait in buffers): it is logged as abandoned, 499,
// not as the 200 it would have been.
func TestResponseCutByWriteTimeout(t *testing.T) {
	var logs lockedBuffer
	logged := make(chan struct{})
	h := Middleware(slog.New(slog.NewJSONHandler(&logs, nil)), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // past the WriteTimeout below, whatever the machine's speed
		w.Write([]byte(`{"data":{}}`))
	}))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(logged)
		h.ServeHTTP(w, r)
	}))
	srv.Config.WriteTimeout = 100 * time.Millisecond
	srv.Start()
	defer srv.Close()

	resp, err := http.Post(srv.URL, "application/json", nil)
	if err == nil {
		resp.Body.Close()
		t.Errorf("the client got %d, want the response cut off", resp.StatusCode)
	}
	<-logged
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("the log is not one JSON line: %q", logs.Bytes())
	}
	if line["status"] != float64(StatusAbandoned) || line["abandoned"] != true || line["reason"] != "write timed out" ||
		line["sent_status"] != float64(200) || line["level"] != "INFO" {
		t.Errorf("log line %v, want INFO, status 499, abandoned, write timed out, sent_status 200", line)
	}
}

// TestDeliveredResponseIsNotAbandoned: an ordinary exchange over a real
// connection is logged with its status and no abandoned mark, the flush
// that checks delivery notwithstanding.
func TestDeliveredResponseIsNotAbandoned(t *testing.T) {
	var logs lockedBuffer
	srv := httptest.NewServer(Middleware(slog.New(slog.NewJSONHandler(&logs, nil)), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("made"))
	})))
	defer srv.Close()
	resp, err := http.Post(srv.URL, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	srv.Close() // waits for the handler, and so the log line
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("the log is not one JSON line: %q", logs.Bytes())
	}
	if line["status"] != float64(201) || line["abandoned"] != nil {
		t.Errorf("log line %v, want status 201 and no abandoned mark", line)
	}
}
