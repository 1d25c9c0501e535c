//go:build integration

package integration

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// An upstream that echoes every header it received (as text, as JSON and as a query
// string), through the plugin binary: the query errors, the health check and the labels
// resource keep its message but none of the credentials.
func TestEchoedCredentialsAreRedactedThroughThePluginBinary(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asJSON, _ := json.Marshal(r.Header)
		echo := "Authorization=" + r.Header.Get("Authorization") + " X-Vigil-Test=" + r.Header.Get("X-Vigil-Test") +
			" json=" + string(asJSON) + " query=" + url.Values(r.Header).Encode()
		http.Error(w, "denied: "+echo, http.StatusUnauthorized)
	}))
	defer srv.Close()
	h := host(t)
	pc := pluginContext(settings(40, map[string]any{"logBackend": "loki", "logUrl": srv.URL, "prometheusUrl": srv.URL,
		"logAuthType": "basic", "logBasicAuthUser": "vigil"}))
	now := time.Now()
	resp, err := h.QueryData(ctxFor(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
		query("L", map[string]any{"queryType": "logs", "language": "logql", "expr": `{job="auditlog"}`}, now.Add(-time.Hour), now),
		query("P", map[string]any{"queryType": "metric", "language": "promql", "expr": "up"}, now.Add(-time.Hour), now),
	}})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]string{}
	for ref, want := range map[string]string{"L": "Loki returned HTTP 401: denied: Authorization=Basic [redacted]", "P": "Prometheus returned HTTP 401: denied: Authorization=Bearer [redacted]"} {
		r := resp.Responses[ref]
		if r.Error == nil || !strings.Contains(r.Error.Error(), want) || !strings.Contains(r.Error.Error(), "X-Vigil-Test=[redacted]") {
			t.Errorf("query %s: want %q, got %v", ref, want, r.Error)
			continue
		}
		shown["query "+ref] = r.Error.Error()
	}
	health, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatal(err)
	}
	shown["health"] = health.Message + string(health.JSONDetails)
	labels, err := h.CallResource(ctxFor(t), &backend.CallResourceRequest{PluginContext: pc, Path: "labels", URL: "labels"})
	if err != nil {
		t.Fatal(err)
	}
	shown["labels resource"] = string(labels.Body)
	for what, text := range shown {
		if !strings.Contains(text, "denied: Authorization=") {
			t.Errorf("%s lost the upstream's message: %s", what, text)
		}
		assertNoSecrets(t, what, text)
	}
}
