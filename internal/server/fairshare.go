package server

import (
	"time"

	"importops/internal/database"
	"importops/internal/fairshare"
)

// fairShare sizes the per-organisation limits to the database pool (32
// connections on PostgreSQL, 8 on SQLite). A request holds at most
// rootFieldsAtOnce connections, so one organisation holds at most a
// quarter of PostgreSQL's pool (4 requests × 2) and half of SQLite's
// (2 × 2): the rest serves the other organisations and /healthz, however
// heavy or slow that one's requests are. One caller gets fewer turns than
// its organisation, so a busy integration leaves room for the team's
// pages. A request waits up to 2 seconds for a turn, then gets 429. Up to
// 64 may wait per organisation and per caller: an integration with a few
// dozen parallel workers queues (its per-key rate limit is what bounds
// it) instead of being refused outright, while a flood holds no more.
// An operator whose replicas serve few organisations, each with many
// parallel workers, raises perOrg (serve --org-concurrency): the pool is
// then shared among fewer at once.
func fairShare(db *database.DB, perOrg int) *fairshare.Limits {
	if perOrg <= 0 {
		perOrg = max(2, db.SQL.Stats().MaxOpenConnections/8)
	}
	return &fairshare.Limits{
		PerOrg:    perOrg,
		PerCaller: min(perOrg, max(2, perOrg*3/4)),
		Wait:      2 * time.Second,
		Queue:     64,
	}
}
