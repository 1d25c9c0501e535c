//go:build integration

package integration

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/internal/teststack"
	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

// Secrets configured on every test data source; no response may ever contain them.
const (
	secretToken    = "tok-9f8e7d6c5b4a"
	secretPassword = "pw-0a1b2c3d4e5f"
	secretHeader   = "hdr-77aa88bb99cc"
)

// stack is one VictoriaLogs with the four sources' streams and a Prometheus scraping it.
type stack struct {
	vl, prom *teststack.Server
	now      time.Time
}

// auditLines is how many audit lines the fixture pushes.
const auditLines = 30

func startStack(t *testing.T) *stack {
	t.Helper()
	vl := teststack.StartVictoriaLogs(t)
	prom := teststack.StartPrometheus(t, teststack.PrometheusOptions{ScrapeTargets: []string{strings.TrimPrefix(vl.URL, "http://")}})
	now := time.Now().Truncate(time.Second)
	var audit [][2]string
	for i := 0; i < auditLines; i++ {
		verb := []string{"get", "create", "delete"}[i%3]
		ts := now.Add(-time.Duration(auditLines-i) * 10 * time.Second)
		audit = append(audit, [2]string{strconv.FormatInt(ts.UnixNano(), 10), fmt.Sprintf(`{"kind":"Event","verb":%q,"seq":%d}`, verb, i)})
	}
	at := strconv.FormatInt(now.Add(-time.Minute).UnixNano(), 10)
	teststack.PushLoki(t, vl.URL, []teststack.LokiStream{
		{Stream: map[string]string{"job": "auditlog"}, Values: audit},
		{Stream: map[string]string{"job": "kube-system/coredns", "container": "coredns"}, Values: [][2]string{{at, "[INFO] 10.0.0.1:5353 - 1 \"A IN example.com. udp\" NOERROR"}}},
		{Stream: map[string]string{"job": "kernellog"}, Values: [][2]string{{at, "IPTABLES-DROP: IN=eth0 SRC=10.0.0.9"}}},
		{Stream: map[string]string{"job": "falco", "rule": "Terminal shell in container", "priority": "Notice"}, Values: [][2]string{{at, "shell spawned"}}},
	})
	waitForScrape(t, prom.URL)
	return &stack{vl: vl, prom: prom, now: now}
}

// waitForScrape waits until Prometheus holds samples of VictoriaLogs' own metrics.
func waitForScrape(t *testing.T, promURL string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if len(teststack.QueryPromQL(t, promURL, `up == 1`)) > 0 {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal("Prometheus scraped nothing within 30s")
}

// settings builds the instance settings Grafana would send, with secrets.
func settings(id int64, jsonData map[string]any) backend.DataSourceInstanceSettings {
	base := map[string]any{
		"prometheusAuthType": "bearer", "httpHeaderName1": "X-Vigil-Test", "timeoutSeconds": 5,
	}
	for k, v := range jsonData {
		base[k] = v
	}
	raw, _ := json.Marshal(base)
	return backend.DataSourceInstanceSettings{
		ID: id, UID: fmt.Sprintf("vigil-it-%d", id), Name: "Vigil", JSONData: raw,
		DecryptedSecureJSONData: map[string]string{
			"prometheusBearerToken": secretToken, "logBasicAuthPassword": secretPassword, "httpHeaderValue1": secretHeader,
		},
	}
}

func (s *stack) victoriaLogsSettings(id int64) backend.DataSourceInstanceSettings {
	return settings(id, map[string]any{"logBackend": "victorialogs", "logUrl": s.vl.URL, "prometheusUrl": s.prom.URL,
		"logAuthType": "basic", "logBasicAuthUser": "vigil"})
}

func query(refID string, model map[string]any, from, to time.Time) backend.DataQuery {
	raw, _ := json.Marshal(model)
	return backend.DataQuery{RefID: refID, JSON: raw, TimeRange: backend.TimeRange{From: from, To: to},
		Interval: 15 * time.Second, MaxDataPoints: 200}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// assertNoSecrets fails if any configured secret shows up in text, also as the base64
// credentials basic auth sends (with or without padding).
func assertNoSecrets(t *testing.T, what, text string) {
	t.Helper()
	basic := base64.RawStdEncoding.EncodeToString([]byte("vigil:" + secretPassword))
	for _, s := range []string{secretToken, secretPassword, secretHeader, basic} {
		if strings.Contains(text, s) {
			t.Fatalf("%s leaks a secret: %s", what, text)
		}
	}
}

func host(t *testing.T) *pluginhost.Host { return pluginhost.StartForTest(t) }
