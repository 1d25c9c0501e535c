package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestParseQuery(t *testing.T) {
	cases := []struct{ name, json, wantErr string }{
		{"ok logs", `{"expr":"{job=\"a\"}","language":"logql"}`, ""},
		{"bad json", `{`, "invalid query JSON"},
		{"empty expr", `{"expr":"  ","language":"logql"}`, "no expression"},
		{"no language", `{"expr":"x"}`, "no language"},
		{"bad language", `{"expr":"x","language":"sql"}`, `unknown query language "sql"`},
		{"bad type", `{"expr":"x","language":"promql","queryType":"graph"}`, `unknown queryType "graph"`},
		{"promql logs", `{"expr":"up","language":"promql","queryType":"logs"}`, "cannot return log lines"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := ParseQuery([]byte(c.json))
			if c.wantErr == "" {
				if err != nil || q.QueryType != QueryTypeLogs {
					t.Fatalf("%+v %v", q, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("got %v want %q", err, c.wantErr)
			}
		})
	}
}

func TestLineLimit(t *testing.T) {
	cases := []struct {
		in, want int
		notice   bool
	}{{0, 1000, false}, {-3, 1000, false}, {250, 250, false}, {5000, 5000, false}, {9000, 5000, true}}
	for _, c := range cases {
		got, notice := Query{Limit: c.in}.lineLimit()
		if got != c.want || (notice != "") != c.notice {
			t.Errorf("limit %d → %d %q", c.in, got, notice)
		}
	}
}

func TestStep(t *testing.T) {
	now := time.Now()
	tr := func(d time.Duration) backend.TimeRange { return backend.TimeRange{From: now.Add(-d), To: now} }
	cases := []struct {
		name     string
		tr       backend.TimeRange
		interval time.Duration
		maxDP    int64
		want     time.Duration
	}{
		{"interval wins", tr(time.Hour), 30 * time.Second, 1000, 30 * time.Second},
		{"max data points widen", tr(24 * time.Hour), 15 * time.Second, 100, 864 * time.Second},
		{"prometheus point cap", tr(30 * 24 * time.Hour), time.Second, 0, 235636 * time.Millisecond},
		{"at least a second", tr(time.Minute), 0, 1000, time.Second},
	}
	for _, c := range cases {
		if got := Step(c.tr, c.interval, c.maxDP); got != c.want {
			t.Errorf("%s: %s want %s", c.name, got, c.want)
		}
	}
}

func TestQueriesFailAloneWithoutUpstreams(t *testing.T) {
	d := newTestDatasource(t, `{"logBackend":"victorialogs"}`)
	q := func(ref, js string) backend.DataQuery { return backend.DataQuery{RefID: ref, JSON: []byte(js)} }
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		q("A", `{"expr":"up","language":"promql","queryType":"metric"}`),
		q("B", `{"expr":"{a=\"b\"}","language":"logql"}`),
		q("C", `{"expr":"*","language":"logsql"}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A": "cannot run a PromQL query: no Prometheus URL is configured",
		"B": "LogQL query, but this data source's log backend is victorialogs",
		"C": "cannot run a LogsQL query: no VictoriaLogs URL is configured",
	}
	for ref, msg := range want {
		r := resp.Responses[ref]
		if r.Error == nil || !strings.Contains(r.Error.Error(), msg) || r.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("%s: %v (%s)", ref, r.Error, r.ErrorSource)
		}
	}
}
