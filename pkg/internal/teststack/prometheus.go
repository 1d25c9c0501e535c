//go:build unix

package teststack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// PrometheusOptions configures StartPrometheus.
type PrometheusOptions struct {
	// ScrapeTargets are `host:port` or full URLs (http://127.0.0.1:9100/custom/metrics).
	ScrapeTargets []string
	// ScrapeIntervalSeconds defaults to 1.
	ScrapeIntervalSeconds int
	// ExtraArgs are appended to Prometheus' command line.
	ExtraArgs []string
}

// StartPrometheus starts Prometheus (Debian's package by default, PROMETHEUS_BIN to
// override) on a free loopback port, scraping the given targets. It stops when the test ends.
func StartPrometheus(t testing.TB, opts PrometheusOptions) *Server {
	t.Helper()
	binary := binaryPath(t, "PROMETHEUS_BIN", "Prometheus")
	config, err := prometheusConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	return launch(t, launchSpec{
		name:      "prometheus",
		binary:    binary,
		readyPath: "/-/ready",
		prepare: func(dataDir string) error {
			return os.WriteFile(filepath.Join(dataDir, "prometheus.yml"), config, 0o644)
		},
		args: func(port int, dataDir string) []string {
			return append([]string{
				"--config.file=" + filepath.Join(dataDir, "prometheus.yml"),
				"--storage.tsdb.path=" + filepath.Join(dataDir, "tsdb"),
				fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port),
				"--log.level=warn",
			}, opts.ExtraArgs...)
		},
	})
}

// prometheusConfig writes one scrape job per target, as JSON (which YAML accepts).
func prometheusConfig(opts PrometheusOptions) ([]byte, error) {
	interval := opts.ScrapeIntervalSeconds
	if interval <= 0 {
		interval = 1
	}
	jobs := []map[string]any{}
	for i, target := range opts.ScrapeTargets {
		if !strings.Contains(target, "://") {
			target = "http://" + target
		}
		u, err := url.Parse(target)
		if err != nil {
			return nil, fmt.Errorf("scrape target %q: %w", target, err)
		}
		path := u.Path
		if path == "" || path == "/" {
			path = "/metrics"
		}
		jobs = append(jobs, map[string]any{
			"job_name":       fmt.Sprintf("target-%d", i),
			"scheme":         u.Scheme,
			"metrics_path":   path,
			"static_configs": []map[string]any{{"targets": []string{u.Host}}},
		})
	}
	every := fmt.Sprintf("%ds", interval)
	return json.Marshal(map[string]any{
		"global":         map[string]string{"scrape_interval": every, "evaluation_interval": every},
		"scrape_configs": jobs,
	})
}

// PromSample is one element of an instant vector.
type PromSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// QueryPromQL runs an instant PromQL query and returns its vector; errors carry
// Prometheus' own message.
func QueryPromQL(t testing.TB, baseURL, query string) []PromSample {
	t.Helper()
	samples, err := queryPromQL(baseURL, query)
	if err != nil {
		t.Fatal(err)
	}
	return samples
}

func queryPromQL(baseURL, query string) ([]PromSample, error) {
	resp, err := http.PostForm(strings.TrimRight(baseURL, "/")+"/api/v1/query", url.Values{"query": {query}})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string       `json:"resultType"`
			Result     []PromSample `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("PromQL query %q: HTTP %d, unreadable answer: %w", query, resp.StatusCode, err)
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("PromQL query %q failed: HTTP %d: %s", query, resp.StatusCode, body.Error)
	}
	if body.Data.ResultType != "vector" {
		return nil, fmt.Errorf("PromQL query %q returned a %s, not a vector", query, body.Data.ResultType)
	}
	return body.Data.Result, nil
}
