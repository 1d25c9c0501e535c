//go:build integration

package integration

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

// One stack and one plugin process serve the happy-path subtests, as Grafana keeps one
// process for all data source instances.
func TestThroughThePluginBinary(t *testing.T) {
	s := startStack(t)
	h := host(t)
	pc := pluginContext(s.victoriaLogsSettings(1))
	from, to := s.now.Add(-time.Hour), s.now.Add(time.Minute)

	t.Run("health reports each upstream and the four sources", func(t *testing.T) {
		res, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != backend.HealthStatusOk {
			t.Fatalf("status %v: %s", res.Status, res.Message)
		}
		assertNoSecrets(t, "health message", res.Message+string(res.JSONDetails))
		var details struct {
			Upstreams []struct {
				Name string
				OK   bool
			}
			Sources map[string]struct {
				Found    bool
				Evidence string
			}
		}
		if err := json.Unmarshal(res.JSONDetails, &details); err != nil {
			t.Fatal(err)
		}
		if len(details.Upstreams) != 2 || details.Upstreams[0].Name != "VictoriaLogs" || !details.Upstreams[1].OK {
			t.Fatalf("upstreams %+v", details.Upstreams)
		}
		// The Falco stream carries job="falco" and falcosidekick's rule and priority labels;
		// the conventions (pkg/conventions) weigh the latter more.
		want := map[string]string{"audit": `job="auditlog"`, "coredns": `job="kube-system/coredns"`, "netfilter": `job="kernellog"`, "falco": `rule=~".+", priority=~".+"`}
		for id, evidence := range want {
			if got := details.Sources[id]; !got.Found || got.Evidence != evidence {
				t.Errorf("source %s: %+v, want found by %s", id, got, evidence)
			}
		}
		if !strings.Contains(res.Message, "Sources found: audit, coredns, falco, netfilter") {
			t.Errorf("message %q", res.Message)
		}
	})

	t.Run("logs query returns a log-lines frame within the limit", func(t *testing.T) {
		resp := queryOne(t, h, pc, query("A", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="auditlog"} delete`, "limit": 5}, from, to))
		f := onlyFrame(t, resp)
		if f.Meta.Type != data.FrameTypeLogLines || f.Rows() != 5 {
			t.Fatalf("type %s rows %d", f.Meta.Type, f.Rows())
		}
		newest := f.Fields[1].At(0).(string)
		if !strings.Contains(newest, `"seq":29`) {
			t.Fatalf("want the newest delete line first, got %s", newest)
		}
		var labels map[string]string
		_ = json.Unmarshal(f.Fields[2].At(0).(json.RawMessage), &labels)
		if labels["job"] != "auditlog" {
			t.Fatalf("labels %v", labels)
		}
	})

	t.Run("logsql metric range is timeseries-multi", func(t *testing.T) {
		resp := queryOne(t, h, pc, query("B", map[string]any{"queryType": "metric", "language": "logsql", "legend": "{{verb}} events",
			"expr": `{job="auditlog"} | unpack_json fields (verb) | stats by (verb) count() as events`}, from, to))
		if len(resp.Frames) != 3 {
			t.Fatalf("want one frame per verb, got %d", len(resp.Frames))
		}
		total := 0.0
		for _, f := range resp.Frames {
			if f.Meta.Type != data.FrameTypeTimeSeriesMulti {
				t.Fatalf("type %s", f.Meta.Type)
			}
			for i := 0; i < f.Rows(); i++ {
				total += f.Fields[1].At(i).(float64)
			}
		}
		if total != auditLines {
			t.Fatalf("bucket counts add up to %v, want %d", total, auditLines)
		}
		if name := resp.Frames[0].Fields[1].Config.DisplayNameFromDS; name != "create events" {
			t.Fatalf("legend %q", name)
		}
	})

	t.Run("promql range is timeseries-multi", func(t *testing.T) {
		now := time.Now()
		resp := queryOne(t, h, pc, query("C", map[string]any{"queryType": "metric", "language": "promql", "expr": "up"}, now.Add(-5*time.Minute), now))
		f := onlyFrame(t, resp)
		if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Rows() == 0 || f.Fields[1].At(f.Rows()-1).(float64) != 1 {
			t.Fatalf("frame %+v", f)
		}
	})

	t.Run("instant queries give numeric-multi frames an alert condition can threshold", func(t *testing.T) {
		now := time.Now()
		resp := queryOne(t, h, pc, query("D", map[string]any{"queryType": "detection", "instant": true, "language": "logsql",
			"expr": `_time:1h {job="auditlog"} | unpack_json fields (verb) | stats by (verb) count() as events`}, now.Add(-time.Hour), now))
		counts := map[string]float64{}
		for _, f := range resp.Frames {
			if f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 || f.Rows() != 1 {
				t.Fatalf("not numeric-multi: %+v", f)
			}
			counts[f.Fields[0].Labels["verb"]] = f.Fields[0].At(0).(float64)
		}
		if counts["get"] != 10 || counts["create"] != 10 || counts["delete"] != 10 {
			t.Fatalf("per-verb counts %v", counts)
		}
		prom := queryOne(t, h, pc, query("E", map[string]any{"queryType": "metric", "instant": true, "language": "promql", "expr": "up"}, now.Add(-time.Minute), now))
		f := onlyFrame(t, prom)
		if f.Meta.Type != data.FrameTypeNumericMulti || f.Fields[0].Labels["instance"] == "" || f.Fields[0].At(0).(float64) != 1 {
			t.Fatalf("prometheus instant: %+v labels %v", f, f.Fields[0].Labels)
		}
	})

	t.Run("table queries", func(t *testing.T) {
		now := time.Now()
		resp := queryOne(t, h, pc, query("T", map[string]any{"queryType": "table", "language": "promql", "expr": "up"}, now.Add(-time.Minute), now))
		f := onlyFrame(t, resp)
		if f.Fields[len(f.Fields)-1].Name != "Value" || f.Rows() != 1 || f.Meta.PreferredVisualization != data.VisTypeTable {
			t.Fatalf("table %+v", f)
		}
		logs := queryOne(t, h, pc, query("U", map[string]any{"queryType": "table", "language": "logsql", "expr": `{job="falco"}`}, from, to))
		lf := onlyFrame(t, logs)
		cols := []string{}
		for _, fl := range lf.Fields {
			cols = append(cols, fl.Name)
		}
		if lf.Rows() != 1 || !strings.Contains(strings.Join(cols, ","), "priority,rule") {
			t.Fatalf("log table columns %v rows %d", cols, lf.Rows())
		}
	})

	t.Run("one failing query does not fail the others", func(t *testing.T) {
		now := time.Now()
		req := &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
			query("ok1", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="kernellog"}`}, from, to),
			query("badprom", map[string]any{"queryType": "metric", "language": "promql", "expr": "sum(rate(up[5m]"}, now.Add(-time.Hour), now),
			query("badlogsql", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="auditlog"} | nosuchpipe`}, from, to),
			query("mismatch", map[string]any{"queryType": "logs", "language": "logql", "expr": `{job="auditlog"}`}, from, to),
			query("ok2", map[string]any{"queryType": "metric", "instant": true, "language": "promql", "expr": "count(up)"}, now.Add(-time.Minute), now),
		}}
		resp, err := h.QueryData(ctxFor(t), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, ok := range []string{"ok1", "ok2"} {
			if r := resp.Responses[ok]; r.Error != nil || len(r.Frames) == 0 || r.Frames[0].Rows() != 1 {
				t.Errorf("%s: %v %+v", ok, r.Error, r.Frames)
			}
		}
		expectErr(t, resp.Responses["badprom"], "Prometheus returned HTTP 400", "parse error", backend.ErrorSourceDownstream)
		expectErr(t, resp.Responses["badlogsql"], "VictoriaLogs returned HTTP 400", "nosuchpipe", backend.ErrorSourceDownstream)
		expectErr(t, resp.Responses["mismatch"], "LogQL query, but this data source's log backend is victorialogs", "", backend.ErrorSourceDownstream)
	})

	t.Run("resources", func(t *testing.T) {
		cases := []struct {
			path, url string
			status    int
			contains  string
		}{
			{"labels", "labels", 200, `"job"`},
			{"label-values", "label-values?label=job", 200, `"kube-system/coredns"`},
			{"labels", "labels?target=prometheus", 200, `"instance"`},
			{"label-values", "label-values?label=job&target=prometheus", 200, `"values":[`},
			{"label-values", "label-values", 400, "needs a label"},
			{"health", "health", 200, `"falco":{"found":true`},
			{"nope", "nope", 404, "unknown resource"},
		}
		for _, c := range cases {
			res, err := h.CallResource(ctxFor(t), &backend.CallResourceRequest{PluginContext: pc, Path: c.path, URL: c.url, Method: "GET"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != c.status || !strings.Contains(string(res.Body), c.contains) {
				t.Errorf("%s: %d %s", c.url, res.Status, res.Body)
			}
		}
	})
}

func pluginContext(s backend.DataSourceInstanceSettings) backend.PluginContext {
	return pluginhost.DataSourceContext(s)
}

func queryOne(t *testing.T, h *pluginhost.Host, pc backend.PluginContext, q backend.DataQuery) backend.DataResponse {
	t.Helper()
	resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{q}})
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Responses[q.RefID]
	if r.Error != nil {
		t.Fatalf("%s: %v", q.RefID, r.Error)
	}
	for _, f := range r.Frames {
		if f.RefID != q.RefID {
			t.Fatalf("frame refId %q, want %q", f.RefID, q.RefID)
		}
	}
	return r
}

func onlyFrame(t *testing.T, r backend.DataResponse) *data.Frame {
	t.Helper()
	if len(r.Frames) != 1 {
		t.Fatalf("want one frame, got %d", len(r.Frames))
	}
	return r.Frames[0]
}

func expectErr(t *testing.T, r backend.DataResponse, prefix, contains string, source backend.ErrorSource) {
	t.Helper()
	if r.Error == nil {
		t.Errorf("want an error %q, got frames %+v", prefix, r.Frames)
		return
	}
	msg := r.Error.Error()
	assertNoSecrets(t, "query error", msg)
	if !strings.Contains(msg, prefix) || !strings.Contains(msg, contains) || r.ErrorSource != source {
		t.Errorf("error %q (source %q), want %q containing %q from %q", msg, r.ErrorSource, prefix, contains, source)
	}
}
