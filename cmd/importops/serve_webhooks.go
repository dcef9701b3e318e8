package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"importops/internal/database"
	"importops/internal/expiry"
	"importops/internal/webhooks"
)

// webhookSealer reads serve --webhook-key-file; "" means none.
func webhookSealer(path string) (*webhooks.Sealer, error) {
	if path == "" {
		return nil, nil
	}
	s, err := webhooks.LoadSealer(path)
	if err != nil {
		return nil, fmt.Errorf("serve: --webhook-key-file: %w", err)
	}
	return s, nil
}

// startWebhooks runs the delivery worker and the expiry scanner until ctx
// ends. Without a key
// no secret can be opened, so nothing is sent: deliveries queued by the
// command line wait for a server that has it.
func startWebhooks(ctx context.Context, wg *sync.WaitGroup, db *database.DB, guard webhooks.Guard, sealer *webhooks.Sealer, log *slog.Logger) {
	if sealer == nil {
		log.Info("webhooks are off: start with --webhook-key-file to create and send them")
		return
	}
	if guard.AllowInsecure {
		log.Warn("webhooks may use http:// and reach loopback and private addresses (--allow-insecure-webhooks): for development and tests only")
	}
	w := webhooks.NewWorker(webhooks.WorkerConfig{DB: db, Sealer: sealer, Guard: guard, Log: log})
	wg.Go(func() { w.Run(ctx) })
	scanner := &expiry.Scanner{DB: db, Log: log, Now: time.Now}
	wg.Go(func() { scanner.Run(ctx, expiry.Interval) })
}
