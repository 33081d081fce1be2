package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/faults"
	"github.com/cosell/cosell/wire"
)

// scrape fetches the handler's text and parses it with Prometheus's own
// parser; it returns "name{label=value,…}" → value for the families named
// cosell_*, histograms as their _count and _sum.
func scrape(t *testing.T, m *Metrics) (map[string]float64, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", Path, nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	text := rec.Body.String()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%s", err, text)
	}
	out := map[string]float64{}
	for name, f := range families {
		if !strings.HasPrefix(name, "cosell_") {
			continue
		}
		for _, s := range f.Metric {
			key := name + labels(s.Label)
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				out[key] = s.GetCounter().GetValue()
			case dto.MetricType_HISTOGRAM:
				out[name+"_count"+labels(s.Label)] = float64(s.GetHistogram().GetSampleCount())
				out[name+"_sum"+labels(s.Label)] = s.GetHistogram().GetSampleSum()
			}
		}
	}
	return out, text
}

func labels(ls []*dto.LabelPair) string {
	var parts []string
	for _, l := range ls {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

// Requests by operation, status and account; latency; faults fired; store
// errors (a 5xx the service returned, not an injected or abandoned one);
// events, counted and passed on.
func TestMetrics(t *testing.T) {
	tests := []struct {
		name    string
		dflt    string
		observe []wire.Outcome
		fired   []faults.Fired
		events  []string
		want    map[string]float64
	}{
		{name: "with a world", observe: []wire.Outcome{
			{Operation: "UpdateOpportunity", Account: "111111111111", Status: 200, Latency: 3 * time.Millisecond},
			{Operation: "UpdateOpportunity", Account: "111111111111", Status: 200, Latency: 5 * time.Millisecond},
			{Operation: "UpdateOpportunity", Account: "222222222222", Status: 429, Code: "ThrottlingException",
				Err: &faults.Injected{Kind: "ThrottlingException"}, Latency: time.Millisecond},
			{Operation: "GetOpportunity", Status: 403, Code: cosell.MissingAuthTokenError},
			{Status: 400, Code: cosell.UnknownOperation},
			{Operation: "UpdateOpportunity", Account: "111111111111", Status: 0, Err: fmt.Errorf("x: %w", wire.ErrDropConnection)},
		}, fired: []faults.Fired{
			{Operation: "UpdateOpportunity", Account: "222222222222", Kind: "ThrottlingException"},
			{Operation: "UpdateOpportunity", Account: "111111111111", Kind: "drop_connection"},
		}, want: map[string]float64{
			"cosell_requests_total{account=111111111111,operation=UpdateOpportunity,status=200}":                    2,
			"cosell_requests_total{account=222222222222,operation=UpdateOpportunity,status=429}":                    1,
			"cosell_requests_total{account=none,operation=GetOpportunity,status=403}":                               1,
			"cosell_requests_total{account=none,operation=none,status=400}":                                         1,
			"cosell_requests_total{account=111111111111,operation=UpdateOpportunity,status=dropped}":                1,
			"cosell_request_duration_seconds_count{operation=UpdateOpportunity}":                                    4,
			"cosell_request_duration_seconds_sum{operation=UpdateOpportunity}":                                      0.009,
			"cosell_request_duration_seconds_count{operation=GetOpportunity}":                                       1,
			"cosell_request_duration_seconds_sum{operation=GetOpportunity}":                                         0,
			"cosell_request_duration_seconds_count{operation=none}":                                                 1,
			"cosell_request_duration_seconds_sum{operation=none}":                                                   0,
			"cosell_faults_fired_total{account=222222222222,fault=ThrottlingException,operation=UpdateOpportunity}": 1,
			"cosell_faults_fired_total{account=111111111111,fault=drop_connection,operation=UpdateOpportunity}":     1,
		}},
		{name: "store errors", dflt: "123456789012", observe: []wire.Outcome{
			{Operation: "CreateOpportunity", Status: 500, Code: cosell.InternalError, Err: errors.New("disk I/O error")},
			{Operation: "CreateOpportunity", Status: 500, Code: cosell.InternalError, Err: &faults.Injected{Kind: "InternalServerException"}},
			{Operation: "CreateOpportunity", Status: 500, Code: cosell.InternalError, Err: context.Canceled},
		}, want: map[string]float64{
			"cosell_requests_total{account=123456789012,operation=CreateOpportunity,status=500}":  3,
			"cosell_request_duration_seconds_count{operation=CreateOpportunity}":                  3,
			"cosell_request_duration_seconds_sum{operation=CreateOpportunity}":                    0,
			"cosell_store_errors_total{code=InternalServerException,operation=CreateOpportunity}": 1,
		}},
		{name: "events", events: []string{cosell.EventCreated, cosell.EventUpdated, cosell.EventUpdated}, want: map[string]float64{
			"cosell_events_published_total{detail_type=Opportunity Created}": 1,
			"cosell_events_published_total{detail_type=Opportunity Updated}": 2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{DefaultAccount: tt.dflt})
			for _, o := range tt.observe {
				m.Observe(o)
			}
			for _, f := range tt.fired {
				m.FaultFired(f)
			}
			target := m.EventTarget()
			if target.Name() != "metrics" {
				t.Errorf("target name %q", target.Name())
			}
			for i, e := range tt.events {
				ev := &cosell.OutboxEvent{EventID: fmt.Sprint(i), Event: cosell.Event{DetailType: e, ID: fmt.Sprint(i)}}
				if err := target.Deliver(context.Background(), ev); err != nil {
					t.Fatal(err)
				}
			}
			got, text := scrape(t, m)
			want := tt.want
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })); diff != "" {
				t.Errorf("metrics (-want +got):\n%s\n%s", diff, text)
			}
			for _, family := range []string{"go_goroutines", "process_cpu_seconds_total"} {
				if !strings.Contains(text, "\n"+family+" ") {
					t.Errorf("no %s in the scrape", family)
				}
			}
		})
	}
}

// The exact exposition of a counter, as a scraper reads it.
func TestExposition(t *testing.T) {
	m := New(Options{})
	m.Observe(wire.Outcome{Operation: "GetOpportunity", Account: "111111111111", Status: 200})
	_, text := scrape(t, m)
	for _, line := range []string{
		"# HELP cosell_requests_total API requests answered, by operation, HTTP status (dropped: the connection was closed without an answer) and caller account.",
		"# TYPE cosell_requests_total counter",
		`cosell_requests_total{account="111111111111",operation="GetOpportunity",status="200"} 1`,
		`cosell_request_duration_seconds_bucket{operation="GetOpportunity",le="0.0005"} 1`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("no line %q in\n%s", line, text)
		}
	}
}

// The cost a request pays for its metrics (wire calls Observe once).
func BenchmarkObserve(b *testing.B) {
	m := New(Options{})
	o := wire.Outcome{Operation: "UpdateOpportunity", Account: "111111111111", Status: 200, Latency: 2 * time.Millisecond}
	b.ReportAllocs()
	for b.Loop() {
		m.Observe(o)
	}
}
