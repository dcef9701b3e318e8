package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"importops/ent"
	"importops/ent/predicate"
	"importops/ent/webhookdelivery"
	"importops/internal/database"
	"importops/internal/viewer"
)

// Defaults of WorkerConfig.
const (
	// DefaultTimeout is how long one attempt may take, answer included.
	DefaultTimeout = 10 * time.Second
	// DefaultPoll is how often an idle worker looks for due deliveries.
	DefaultPoll = time.Second
	// batchSize is how many deliveries one claim takes at most.
	batchSize = 10
	// maxInFlight is how many attempts one replica makes at once.
	maxInFlight = 32
	// recordTimeout bounds writing an attempt's outcome.
	recordTimeout = 2 * time.Second
	// Keep is how long finished deliveries stay listed.
	Keep = 30 * 24 * time.Hour
	// maxAnswer is how much of a receiver's answer is read (and thrown
	// away) so that the connection can be reused; the rest is dropped.
	maxAnswer = 64 << 10
)

// DefaultRetries are the waits after each failed attempt: 12 attempts
// over about 32 hours, then the delivery is FAILED.
var DefaultRetries = []time.Duration{
	5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 8 * time.Hour, 8 * time.Hour,
}

// WorkerConfig is what a Worker needs; zero durations take the defaults.
type WorkerConfig struct {
	DB     *database.DB
	Sealer *Sealer
	Guard  Guard
	Log    *slog.Logger
	// Timeout, Retries and Poll are shortened by tests.
	Timeout time.Duration
	Retries []time.Duration
	Poll    time.Duration
}

// Worker sends due deliveries. Any number of replicas may run one on the
// same database: each claims a delivery before sending it (PostgreSQL:
// FOR UPDATE SKIP LOCKED; SQLite: its one writer at a time) with a lease
// longer than an attempt, so one replica makes each attempt, and a
// replica that dies mid-attempt only delays it until the lease ends.
type Worker struct {
	cfg    WorkerConfig
	client *http.Client
	lease  time.Duration
}

// NewWorker returns a worker; Run starts it.
func NewWorker(cfg WorkerConfig) *Worker {
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retries == nil {
		cfg.Retries = DefaultRetries
	}
	if cfg.Poll == 0 {
		cfg.Poll = DefaultPoll
	}
	return &Worker{cfg: cfg, client: cfg.Guard.Client(cfg.Timeout), lease: 2*cfg.Timeout + 30*time.Second}
}

// Run sends deliveries until ctx ends, and deletes finished ones older
// than Keep once an hour. Up to maxInFlight attempts run at once, each on
// its own: a receiver that never answers holds one slot for its timeout,
// not the deliveries behind it.
func (w *Worker) Run(ctx context.Context) {
	ctx = viewer.System(ctx)
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	var inFlight sync.WaitGroup
	defer inFlight.Wait()
	slots := make(chan struct{}, maxInFlight)
	var pruned time.Time
	for {
		if time.Since(pruned) > time.Hour {
			pruned = time.Now()
			if err := w.Prune(ctx); err != nil && ctx.Err() == nil {
				w.cfg.Log.Warn("deleting old webhook deliveries", "err", err)
			}
		}
		free := min(batchSize, cap(slots)-len(slots))
		batch, err := w.claim(ctx, free)
		if err != nil && ctx.Err() == nil {
			w.cfg.Log.Warn("sending webhooks", "err", err)
		}
		for _, d := range batch {
			slots <- struct{}{}
			inFlight.Go(func() {
				defer func() { <-slots }()
				w.attempt(ctx, d)
			})
		}
		if free > 0 && len(batch) == free {
			continue // there may be more due at once
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Prune deletes the delivered and failed deliveries older than Keep.
func (w *Worker) Prune(ctx context.Context) error {
	_, err := w.cfg.DB.WebhookDelivery.Delete().Where(
		webhookdelivery.StatusNEQ(webhookdelivery.StatusPENDING),
		webhookdelivery.CreatedAtLT(w.now().Add(-Keep)),
	).Exec(viewer.System(ctx))
	return err
}

// due selects the pending deliveries whose time has come and that no
// replica holds.
func due(now time.Time) []predicate.WebhookDelivery {
	return []predicate.WebhookDelivery{
		webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING),
		webhookdelivery.NextAttemptAtLTE(now),
		webhookdelivery.Or(webhookdelivery.LeasedUntilIsNil(), webhookdelivery.LeasedUntilLT(now)),
	}
}

// claim takes up to limit due deliveries for this replica.
func (w *Worker) claim(ctx context.Context, limit int) ([]*ent.WebhookDelivery, error) {
	if limit == 0 {
		return nil, nil
	}
	now := w.now()
	var ids []int
	err := w.cfg.DB.InTx(ctx, func(tx *ent.Tx) error {
		q := tx.WebhookDelivery.Query().Where(due(now)...).
			Order(ent.Asc(webhookdelivery.FieldNextAttemptAt)).Limit(limit)
		if w.cfg.DB.Dialect == dialect.Postgres {
			q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
		}
		var err error
		if ids, err = q.IDs(ctx); err != nil || len(ids) == 0 {
			return err
		}
		return tx.WebhookDelivery.Update().
			Where(webhookdelivery.IDIn(ids...)).Where(due(now)...).
			SetLeasedUntil(now.Add(w.lease)).Exec(ctx)
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return w.cfg.DB.WebhookDelivery.Query().Where(webhookdelivery.IDIn(ids...)).WithWebhook().All(ctx)
}

// attempt sends d once and records the outcome.
func (w *Worker) attempt(ctx context.Context, d *ent.WebhookDelivery) {
	code, err := w.send(ctx, d)
	if err != nil {
		w.cfg.Log.Warn("webhook attempt failed", "delivery", d.ID, "webhook", d.WebhookID,
			"event", d.Event, "attempt", d.Attempts+1, "err", err)
	}
	// An attempt that was made is recorded even when the server is
	// stopping, so that the next replica does not send it again.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := w.record(rctx, d, code); err != nil {
		w.cfg.Log.Error("recording a webhook attempt", "delivery", d.ID, "err", err)
	}
}

// send posts d's body, signed, and returns the answer's status code (0
// when there was none).
func (w *Worker) send(ctx context.Context, d *ent.WebhookDelivery) (int, error) {
	h := d.Edges.Webhook
	secret, err := w.cfg.Sealer.Open(h.SealedSecret)
	if err != nil {
		return 0, err
	}
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	if req.URL.Scheme != "https" && !w.cfg.Guard.AllowInsecure {
		return 0, fmt.Errorf("%w: http:// is only sent by servers started with --allow-insecure-webhooks", errRefusedAddress)
	}
	ts := w.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ImportOps-Webhooks/1")
	req.Header.Set("webhook-id", d.MessageID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", Sign(secret, d.MessageID, ts, body))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, &answerError{resp.StatusCode}
	}
	return resp.StatusCode, nil
}

type answerError struct{ code int }

func (e *answerError) Error() string { return "the receiver answered " + strconv.Itoa(e.code) }

// record writes the outcome of an attempt that got code (0: no answer):
// delivered on a 2xx, else retried after the next wait, or FAILED when
// the waits are used up.
func (w *Worker) record(ctx context.Context, d *ent.WebhookDelivery, code int) error {
	now := w.now()
	attempts := d.Attempts + 1
	u := w.cfg.DB.WebhookDelivery.UpdateOneID(d.ID).SetAttempts(attempts).ClearLeasedUntil()
	if code == 0 {
		u.ClearResponseStatus()
	} else {
		u.SetResponseStatus(code)
	}
	switch {
	case code >= 200 && code <= 299:
		u.SetStatus(webhookdelivery.StatusDELIVERED).SetDeliveredAt(now)
	case attempts > len(w.cfg.Retries):
		u.SetStatus(webhookdelivery.StatusFAILED)
	default:
		u.SetNextAttemptAt(now.Add(w.cfg.Retries[attempts-1]))
	}
	err := u.Exec(ctx)
	if ent.IsNotFound(err) {
		return nil // the webhook was deleted meanwhile, and its deliveries with it
	}
	return err
}

func (w *Worker) now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
