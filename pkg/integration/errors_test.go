//go:build integration

package integration

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Real servers made to fail: a stopped VictoriaLogs, a frozen one (SIGSTOP) against a
// short timeout, and health naming exactly the upstream that fails.
func TestUpstreamFailuresThroughThePluginBinary(t *testing.T) {
	s := startStack(t)
	h := host(t)
	from, to := s.now.Add(-time.Hour), s.now.Add(time.Minute)
	logsQuery := query("L", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="auditlog"}`}, from, to)
	promQuery := query("P", map[string]any{"queryType": "metric", "instant": true, "language": "promql", "expr": "up"}, from, time.Now())

	t.Run("slow upstream hits the configured timeout", func(t *testing.T) {
		settings := s.victoriaLogsSettings(20)
		settings.JSONData = []byte(strings.Replace(string(settings.JSONData), `"timeoutSeconds":5`, `"timeoutSeconds":1`, 1))
		pc := pluginContext(settings)
		if err := syscall.Kill(s.vl.PID, syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = syscall.Kill(s.vl.PID, syscall.SIGCONT) }()
		resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{logsQuery, promQuery}})
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Responses["L"]
		expectErr(t, r, "VictoriaLogs request failed: no answer within 1s (timeout)", "", backend.ErrorSourceDownstream)
		if r.Status != backend.StatusTimeout {
			t.Errorf("status %v, want timeout", r.Status)
		}
		if p := resp.Responses["P"]; p.Error != nil || len(p.Frames) == 0 {
			t.Errorf("Prometheus query should succeed while VictoriaLogs hangs: %v", p.Error)
		}
		res, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "VictoriaLogs failed: VictoriaLogs request failed: no answer within 1s") || !strings.Contains(res.Message, "Prometheus OK") {
			t.Errorf("health %v %q", res.Status, res.Message)
		}
		assertNoSecrets(t, "health", res.Message+string(res.JSONDetails))
	})

	t.Run("stopped upstream is connection refused, named, and the rest still works", func(t *testing.T) {
		_ = syscall.Kill(s.vl.PID, syscall.SIGCONT)
		s.vl.Stop()
		pc := pluginContext(s.victoriaLogsSettings(21))
		resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{logsQuery, promQuery}})
		if err != nil {
			t.Fatal(err)
		}
		expectErr(t, resp.Responses["L"], "VictoriaLogs request failed", "connection refused", backend.ErrorSourceDownstream)
		if p := resp.Responses["P"]; p.Error != nil {
			t.Errorf("Prometheus query failed too: %v", p.Error)
		}
		res, err := h.CallResource(ctxFor(t), &backend.CallResourceRequest{PluginContext: pc, Path: "labels", URL: "labels"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != 502 || !strings.Contains(string(res.Body), "connection refused") {
			t.Errorf("labels resource: %d %s", res.Status, res.Body)
		}
		health, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			t.Fatal(err)
		}
		if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "VictoriaLogs failed") || !strings.Contains(health.Message, "Prometheus OK") {
			t.Errorf("health %q", health.Message)
		}
	})

	t.Run("stopped Prometheus is reported as Prometheus", func(t *testing.T) {
		s.prom.Stop()
		pc := pluginContext(s.victoriaLogsSettings(22))
		resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{promQuery}})
		if err != nil {
			t.Fatal(err)
		}
		expectErr(t, resp.Responses["P"], "Prometheus request failed", "connection refused", backend.ErrorSourceDownstream)
	})
}

// Settings problems reach the user through the binary: bad URL and missing token.
func TestMisconfigurationThroughThePluginBinary(t *testing.T) {
	h := host(t)
	pc := pluginContext(settings(30, map[string]any{"logBackend": "loki", "logUrl": "loki:3100", "prometheusUrl": "http://127.0.0.1:1",
		"logAuthType": "bearer"}))
	res, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`log backend URL "loki:3100" is not an http(s) URL`, "log backend bearer auth is selected but no token is saved", "Prometheus failed: Prometheus request failed"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("health message %q lacks %q", res.Message, want)
		}
	}
	assertNoSecrets(t, "health", res.Message)
	resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
		query("A", map[string]any{"queryType": "logs", "language": "logql", "expr": `{job="auditlog"}`}, time.Now().Add(-time.Hour), time.Now()),
		query("B", map[string]any{"queryType": "logs", "language": "sql", "expr": `select 1`}, time.Now().Add(-time.Hour), time.Now()),
	}})
	if err != nil {
		t.Fatal(err)
	}
	expectErr(t, resp.Responses["A"], "cannot run a LogQL query: Loki URL", "is not an http(s) URL", backend.ErrorSourceDownstream)
	expectErr(t, resp.Responses["B"], `unknown query language "sql"`, "", backend.ErrorSourceDownstream)
}
