// Package metrics counts what an operator watches, in Prometheus's text
// format on a listener of its own (serve --metrics-addr): requests by
// operation, status and code, their latency, API-key verifications by
// outcome, rate-limit refusals, last-used flushes and the database pool.
//
// No label ever holds a token, a key prefix, an organisation or an
// address: each of those has as many values as there are customers (a
// time series each, which Prometheus pays for in memory forever), and
// they would put customer data in a system that is not meant to hold any.
// Labels take their values from short fixed lists: the schema's root
// fields, HTTP statuses, the contract's error codes, outcomes named here.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"importops/internal/reqlog"
)

// Metrics holds the service's collectors, registered on a registry of
// their own (no global state: tests run several servers in one process).
type Metrics struct {
	registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	verifications *prometheus.CounterVec
	limited       *prometheus.CounterVec
	flushes       *prometheus.CounterVec
	flushedRows   prometheus.Counter
	flushDuration prometheus.Histogram
}

// New returns the collectors, with the Go runtime's, the process's and
// db's pool statistics.
func New(db *sql.DB) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "importops_http_requests_total",
			Help: "HTTP requests by handler (graphql, healthz, leaked_keys, page), GraphQL root field, status and first error code.",
		}, []string{"handler", "operation", "status", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "importops_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by handler.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"handler"}),
		verifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "importops_key_verifications_total",
			Help: "API keys checked, by outcome: ok, malformed, unknown, revoked, expired, plan, address, rate_limited.",
		}, []string{"outcome"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "importops_rate_limited_total",
			Help: "Requests refused with RATE_LIMITED, by limit: invalid_keys, sign_in, key_rate, fair_share, leaked_keys.",
		}, []string{"limit"}),
		flushes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "importops_last_used_flushes_total",
			Help: "Flushes of last-used times to the database, by result (ok, failed).",
		}, []string{"result"}),
		flushedRows: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "importops_last_used_flushed_rows_total",
			Help: "Keys whose last-used time a flush wrote.",
		}),
		flushDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "importops_last_used_flush_duration_seconds",
			Help:    "Time one flush of last-used times took.",
			Buckets: prometheus.DefBuckets,
		}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.verifications, m.limited,
		m.flushes, m.flushedRows, m.flushDuration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db, "importops"))
	return m
}

// WatchKeyLookups reports lookups' counts (keycache.Cache.Lookups) as
// importops_key_lookups_total, by source: memory or database. In steady
// state the database's count stays still.
func (m *Metrics) WatchKeyLookups(lookups func() (memory, database uint64)) {
	for _, source := range []string{"memory", "database"} {
		m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "importops_key_lookups_total",
			Help:        "API keys looked up after their checksum passed, by where they were found: memory or database.",
			ConstLabels: prometheus.Labels{"source": source},
		}, func() float64 {
			mem, db := lookups()
			if source == "memory" {
				return float64(mem)
			}
			return float64(db)
		}))
	}
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// ObserveRequest counts one finished request from its log entry. It is
// reqlog's observer; a nil *Metrics counts nothing.
func (m *Metrics) ObserveRequest(s reqlog.Summary) {
	if m == nil {
		return
	}
	h := handler(s.Path)
	m.requests.WithLabelValues(h, or(s.Entry.Operation(), "none"), strconv.Itoa(s.Status), or(s.Entry.Code(), "none")).Inc()
	m.duration.WithLabelValues(h).Observe(s.Duration.Seconds())
	if o := s.Entry.KeyOutcome; o != "" {
		m.verifications.WithLabelValues(o).Inc()
	}
	if l := s.Entry.Limit(); l != "" {
		m.limited.WithLabelValues(l).Inc()
	}
}

// ObserveFlush counts one last-used flush (lastused.Recorder's observer).
func (m *Metrics) ObserveFlush(rows int, took time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "failed"
	}
	m.flushes.WithLabelValues(result).Inc()
	m.flushedRows.Add(float64(rows))
	m.flushDuration.Observe(took.Seconds())
}

// handler names the part of the service a path belongs to: the page's
// paths are whatever a browser asks for, so they share one label.
func handler(path string) string {
	switch path {
	case "/graphql":
		return "graphql"
	case "/healthz":
		return "healthz"
	case "/api/leaked-keys":
		return "leaked_keys"
	}
	return "page"
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
