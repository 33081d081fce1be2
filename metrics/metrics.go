// Package metrics is cosell serve's /metrics (issue 10): Prometheus
// metrics, with the Prometheus Go client, of the requests served (by
// operation, status and account), their latency, the faults fired, the
// store errors and the events delivered.
//
// It observes, it does not wrap: wire reports each request's outcome
// (wire.Options.Observe), package faults each fault it applies
// (faults.Options.Fired), and the service's event sink is wrapped
// (Events). The handler's access control (the control token) is cosell
// serve's, as for the faults control endpoint.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/faults"
	"github.com/cosell/cosell/wire"
)

// Path is where cosell serve answers the metrics, on the API's port.
const Path = "/metrics"

// None is the label value of a request without an operation (an unknown
// name) or without an account (refused before its caller was known).
const None = "none"

// StatusDropped is the status label of a request whose connection a fault
// dropped without an answer.
const StatusDropped = "dropped"

// Options configure New.
type Options struct {
	// DefaultAccount labels requests that carry no caller: cosell serve
	// without --world, whose every key is --account-id's. With --world it
	// is empty, and an unauthenticated request's account is None.
	DefaultAccount string
}

// Metrics holds cosell serve's collectors in a registry of its own.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	faults      *prometheus.CounterVec
	storeErrors *prometheus.CounterVec
	events      *prometheus.CounterVec
	dflt        string
}

// New returns the metrics, registered with the Go runtime's and the
// process's standard collectors.
func New(opts Options) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), dflt: opts.DefaultAccount}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cosell_requests_total",
		Help: "API requests answered, by operation, HTTP status (dropped: the connection was closed without an answer) and caller account.",
	}, []string{"operation", "status", "account"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "cosell_request_duration_seconds",
		Help: "Time from a request's arrival to its answer (or dropped connection), by operation; injected latency included.",
		// 0.5 ms to about 16 s: a read takes about a millisecond, a
		// group-committed write a few, a fault may add seconds.
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	}, []string{"operation"})
	m.faults = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cosell_faults_fired_total",
		Help: "Faults applied by fault rules, by operation, fault (the error code, latency, drop_connection or commit_then_drop) and caller account.",
	}, []string{"operation", "fault", "account"})
	m.storeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cosell_store_errors_total",
		Help: "Requests the service answered with a 5xx status of its own (a store failure such as a full disk or a lost database connection; injected faults excluded), by operation and error code.",
	}, []string{"operation", "code"})
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cosell_events_published_total",
		Help: "EventBridge events delivered from the outbox, by detail type (counted with or without other delivery targets).",
	}, []string{"detail_type"})
	m.reg.MustRegister(m.requests, m.latency, m.faults, m.storeErrors, m.events,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Observe records one API request's outcome (wire.Options.Observe).
func (m *Metrics) Observe(o wire.Outcome) {
	op := o.Operation
	if op == "" {
		op = None
	}
	status := StatusDropped
	if o.Status != 0 {
		status = strconv.Itoa(o.Status)
	}
	m.requests.WithLabelValues(op, status, m.account(o.Account)).Inc()
	m.latency.WithLabelValues(op).Observe(o.Latency.Seconds())
	var injected *faults.Injected
	if o.Status >= 500 && o.Operation != "" && !errors.As(o.Err, &injected) && !errors.Is(o.Err, context.Canceled) {
		m.storeErrors.WithLabelValues(op, o.Code).Inc()
	}
}

// FaultFired records a fault applied (faults.Options.Fired).
func (m *Metrics) FaultFired(f faults.Fired) {
	m.faults.WithLabelValues(f.Operation, f.Kind, m.account(f.Account)).Inc()
}

func (m *Metrics) account(a string) string {
	switch {
	case a != "":
		return a
	case m.dflt != "":
		return m.dflt
	}
	return None
}

// EventTarget is the in-process observer (cosell.EventTarget) that counts
// each event the dispatcher delivers, by detail-type. cosell serve runs it
// with the console's hub as one target of its own (deliver.Fanout and
// deliver.PerServer), so every server sharing a store counts every event.
func (m *Metrics) EventTarget() cosell.EventTarget { return countingTarget{m} }

type countingTarget struct{ m *Metrics }

func (countingTarget) Name() string { return "metrics" }

func (t countingTarget) Deliver(_ context.Context, e *cosell.OutboxEvent) error {
	t.m.events.WithLabelValues(e.DetailType).Inc()
	return nil
}

// Handler serves the metrics in Prometheus's text format (or OpenMetrics,
// when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
