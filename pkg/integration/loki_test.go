//go:build integration

package integration

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vigil/k8ssecurity/pkg/internal/teststack"
)

// Loki paths through the plugin binary: a real Loki when VIGIL_LOKI_URL is set, else the
// documented-shape contract server.
func TestLokiThroughThePluginBinary(t *testing.T) {
	lokiURL := os.Getenv("VIGIL_LOKI_URL")
	var contract *lokiContract
	if lokiURL == "" {
		contract = startLokiContract(t)
		lokiURL = contract.URL
	}
	job := fmt.Sprintf("vigil-it-%d", time.Now().UnixNano())
	now := time.Now().Truncate(time.Second)
	var values [][2]string
	for i := 0; i < 12; i++ {
		values = append(values, [2]string{strconv.FormatInt(now.Add(-time.Duration(12-i)*time.Second).UnixNano(), 10), fmt.Sprintf("line %d", i)})
	}
	teststack.PushLoki(t, lokiURL, []teststack.LokiStream{{Stream: map[string]string{"job": job}, Values: values}})

	h := host(t)
	pc := pluginContext(settings(40, map[string]any{"logBackend": "loki", "logUrl": lokiURL, "tenantId": "tenant-a",
		"logAuthType": "basic", "logBasicAuthUser": "vigil"}))
	from, to := now.Add(-10*time.Minute), now.Add(time.Minute)
	sel := fmt.Sprintf(`{job=%q}`, job)

	deadline := time.Now().Add(30 * time.Second)
	var logs backend.DataResponse
	for {
		logs = queryOne(t, h, pc, query("A", map[string]any{"queryType": "logs", "language": "logql", "expr": sel, "limit": 5}, from, to))
		if logs.Frames[0].Rows() == 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second) // a real Loki makes pushed lines queryable after a moment
	}
	f := onlyFrame(t, logs)
	if f.Meta.Type != data.FrameTypeLogLines || f.Rows() != 5 || f.Fields[1].At(0) != "line 11" {
		t.Fatalf("logs: type %s rows %d first %v", f.Meta.Type, f.Rows(), f.Fields[1].At(0))
	}

	metric := queryOne(t, h, pc, query("B", map[string]any{"queryType": "metric", "language": "logql", "expr": "count_over_time(" + sel + "[1m])"}, from, to))
	if mf := onlyFrame(t, metric); mf.Meta.Type != data.FrameTypeTimeSeriesMulti || mf.Fields[1].Labels["job"] != job {
		t.Fatalf("metric frame %+v", mf)
	}
	instant := queryOne(t, h, pc, query("C", map[string]any{"queryType": "metric", "instant": true, "language": "logql", "expr": "count_over_time(" + sel + "[10m])"}, from, to))
	if nf := onlyFrame(t, instant); nf.Meta.Type != data.FrameTypeNumericMulti || nf.Fields[0].At(0).(float64) != 12 {
		t.Fatalf("instant frame %+v", nf)
	}

	resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
		query("bad", map[string]any{"queryType": "logs", "language": "logql", "expr": sel + " |||"}, from, to),
		query("logsql", map[string]any{"queryType": "logs", "language": "logsql", "expr": "*"}, from, to),
		query("big", map[string]any{"queryType": "logs", "language": "logql", "expr": sel, "limit": 9000}, from, to),
	}})
	if err != nil {
		t.Fatal(err)
	}
	expectErr(t, resp.Responses["bad"], "Loki returned HTTP 400", "parse error", backend.ErrorSourceDownstream)
	expectErr(t, resp.Responses["logsql"], "LogsQL query, but this data source's log backend is loki", "", backend.ErrorSourceDownstream)
	big := resp.Responses["big"]
	if big.Error != nil || len(big.Frames[0].Meta.Notices) == 0 || !strings.Contains(big.Frames[0].Meta.Notices[0].Text, "lowered to 5000") {
		t.Fatalf("a limit above Loki's maximum is capped with a notice: %v %+v", big.Error, big.Frames)
	}

	res, err := h.CallResource(ctxFor(t), &backend.CallResourceRequest{PluginContext: pc, Path: "label-values", URL: "label-values?label=job"})
	if err != nil || res.Status != 200 || !strings.Contains(string(res.Body), job) {
		t.Fatalf("label-values: %v %d %s", err, res.Status, res.Body)
	}

	if contract != nil {
		contract.mu.Lock()
		defer contract.mu.Unlock()
		for _, hd := range contract.headers {
			user, pass, ok := basicAuth(hd.Get("Authorization"))
			if hd.Get("X-Scope-OrgID") != "tenant-a" || hd.Get("X-Vigil-Test") != secretHeader || !ok || user != "vigil" || pass != secretPassword {
				t.Fatalf("request headers miss tenant, custom header or basic auth: %v", hd)
			}
		}
	}
}
