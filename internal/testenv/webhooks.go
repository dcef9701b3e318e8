package testenv

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"importops/internal/database"
	"importops/internal/webhooks"
)

type webhookSetup struct {
	Guard  webhooks.Guard
	Sealer *webhooks.Sealer
}

func newWebhookSetup(t testing.TB, insecure bool) webhookSetup {
	t.Helper()
	s, err := webhooks.NewSealer([]byte((rand.Text() + rand.Text())[:32]))
	if err != nil {
		t.Fatal(err)
	}
	return webhookSetup{Guard: webhooks.Guard{AllowInsecure: insecure}, Sealer: s}
}

// FastRetries are the waits between attempts in tests: short, and as many
// as a test needs.
var FastRetries = []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}

// StartWebhooks runs a delivery worker on db until the test ends, as a
// serve process does, with FastRetries and timeout per attempt (0: the
// real 10 seconds).
func (e *Env) StartWebhooks(db *database.DB, timeout time.Duration) {
	e.T.Helper()
	w := webhooks.NewWorker(webhooks.WorkerConfig{
		DB: db, Sealer: e.Webhooks.Sealer, Guard: e.Webhooks.Guard,
		Log:     slog.New(slog.NewJSONHandler(e.logs, nil)),
		Timeout: timeout, Retries: FastRetries, Poll: 10 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	e.T.Cleanup(func() { cancel(); <-done })
}

// Message is one request a Receiver accepted as correctly signed.
type Message struct {
	ID   string // webhook-id
	Type string
	Data map[string]any
	Raw  string
}

// Receiver is a webhook receiver on loopback. It verifies every request
// the way the README tells receivers to, and answers what Answer says.
type Receiver struct {
	URL string
	// Answer is the status code for the nth request (from 1); 0 makes the
	// receiver never answer (until the test ends). nil answers 204.
	Answer func(n int) int

	t        testing.TB
	mu       sync.Mutex
	secret   []byte
	requests int
	got      []Message
}

// NewReceiver starts a receiver, closed after the test.
func NewReceiver(t testing.TB) *Receiver {
	r := &Receiver{t: t}
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		code := r.receive(req)
		if code == 0 {
			select { // never answer: the sender must time out
			case <-stop:
			case <-req.Context().Done():
			}
			return
		}
		if code >= 300 && code <= 399 {
			w.Header().Set("Location", "/elsewhere") // a sender that followed would ask again
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(func() { close(stop); srv.Close() })
	r.URL = srv.URL + "/hooks/importops"
	return r
}

// SetSecret is the whsec_… secret createWebhook returned.
func (r *Receiver) SetSecret(secret string) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") || len(raw) < 24 {
		r.t.Errorf("secret %q is not whsec_ and the base64 of at least 24 bytes", secret)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = raw
}

func (r *Receiver) receive(req *http.Request) int {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if err := verify(r.secret, req.Header, body); err != "" {
		r.t.Errorf("receiver: %s (body %s)", err, body)
		return http.StatusUnauthorized
	}
	var m struct {
		Type      string         `json:"type"`
		Timestamp time.Time      `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.Type == "" || m.Timestamp.IsZero() || m.Data == nil {
		r.t.Errorf("receiver: body is not {type, timestamp, data}: %s", body)
	}
	code := http.StatusNoContent
	if r.Answer != nil {
		code = r.Answer(r.requests)
	}
	if code >= 200 && code <= 299 {
		r.got = append(r.got, Message{ID: req.Header.Get("webhook-id"), Type: m.Type, Data: m.Data, Raw: string(body)})
	}
	return code
}

// verify checks a Standard Webhooks signature, as a receiver should: the
// HMAC over "id.timestamp.body", and a timestamp within five minutes.
func verify(secret []byte, h http.Header, body []byte) string {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if id == "" || err != nil {
		return "missing webhook-id or webhook-timestamp"
	}
	if d := time.Since(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return "webhook-timestamp is not now: " + ts
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, s := range strings.Fields(sigs) {
		got, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "v1,"))
		if strings.HasPrefix(s, "v1,") && err == nil && hmac.Equal(got, want) {
			return ""
		}
	}
	return "no valid v1 signature in " + sigs
}

// Requests is how many requests arrived, accepted or not.
func (r *Receiver) Requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests
}

// Messages are the accepted messages so far.
func (r *Receiver) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.got...)
}

// WaitFor polls until n messages were accepted, failing the test after
// 20 seconds.
func (r *Receiver) WaitFor(n int) []Message {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := r.Messages()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("receiver: %d messages after 20 s, want %d: %v", len(got), n, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Eventually polls cond until it holds, failing the test after 20 seconds.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: not %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
