package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

// newTestServer serves the devhost routes backed by the real plugin binary over gRPC.
func newTestServer(t *testing.T, logURL string) *httptest.Server {
	t.Helper()
	dist := t.TempDir()
	root := pluginhost.RepoRoot()
	copyFile(t, filepath.Join(root, "src", "plugin.json"), filepath.Join(dist, "plugin.json"))
	copyFile(t, filepath.Join(root, "src", "datasource", "plugin.json"), filepath.Join(dist, "datasource", "plugin.json"))
	plugins, err := loadPlugins(dist)
	if err != nil {
		t.Fatal(err)
	}
	static := t.TempDir()
	if err := os.WriteFile(filepath.Join(static, "index.html"), []byte("<!doctype html><title>host</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := &api{
		ds: dataSource{ID: 7, UID: "vigil", Name: "Vigil", Type: pluginhost.PluginID, LogBackend: "victorialogs",
			LogURL: logURL, PrometheusURL: "http://127.0.0.1:9090", Updated: time.Now()},
		backend: pluginhost.StartForTest(t),
		plugins: plugins,
		now:     func() time.Time { return time.UnixMilli(1_700_000_000_000) },
	}
	mux := http.NewServeMux()
	a.routes(mux)
	mux.Handle("/", spaHandler(static))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: not a JSON object: %s", method, url, raw)
	}
	return res.StatusCode, out
}

func TestHealthGoesThroughThePluginBinary(t *testing.T) {
	ok := newTestServer(t, "http://127.0.0.1:9428")
	status, body := call(t, "GET", ok.URL+"/api/datasources/uid/vigil/health", "")
	if status != 200 || body["status"] != "OK" || !strings.Contains(body["message"].(string), "http://127.0.0.1:9428") {
		t.Fatalf("healthy: got %d %v", status, body)
	}

	broken := newTestServer(t, "")
	status, body = call(t, "GET", broken.URL+"/api/datasources/uid/vigil/health", "")
	if status != 400 || body["status"] != "ERROR" || !strings.Contains(body["message"].(string), "log backend URL is not set") {
		t.Fatalf("unconfigured: got %d %v", status, body)
	}

	status, body = call(t, "GET", ok.URL+"/api/datasources/uid/other/health", "")
	if status != 404 || !strings.Contains(body["message"].(string), `"other"`) {
		t.Fatalf("unknown uid: got %d %v", status, body)
	}
}

func TestQueryDataAnswersPerRefIDInGrafanaJSON(t *testing.T) {
	srv := newTestServer(t, "http://127.0.0.1:9428")
	body := `{"queries":[{"refId":"A","expr":"{job=\"audit\"}","datasource":{"uid":"vigil"}},{"refId":"B","expr":"x"}],"from":"now-1h","to":"now"}`
	status, out := call(t, "POST", srv.URL+"/api/ds/query", body)
	results, _ := out["results"].(map[string]any)
	if len(results) != 2 || results["A"] == nil || results["B"] == nil {
		t.Fatalf("want results for A and B, got %d %v", status, out)
	}
	for ref, r := range results {
		res := r.(map[string]any)
		// Any per-query error must make the whole answer a 400, as Grafana does by default.
		if msg, failed := res["error"].(string); failed && (status != 400 || msg == "") {
			t.Fatalf("%s failed with %q but the status is %d", ref, msg, status)
		}
		if _, failed := res["error"]; !failed && status != 200 {
			t.Fatalf("%s succeeded but the status is %d", ref, status)
		}
	}
}

func TestQueryDataRejectsBadRequestsWithAMessage(t *testing.T) {
	srv := newTestServer(t, "http://127.0.0.1:9428")
	cases := map[string]struct {
		body   string
		status int
		want   string
	}{
		"not json":           {`{`, 400, "bad request data"},
		"no queries":         {`{"queries":[]}`, 400, "no queries"},
		"bad time":           {`{"queries":[{"refId":"A"}],"from":"yesterday"}`, 400, `"yesterday"`},
		"foreign datasource": {`{"queries":[{"refId":"A","datasource":{"uid":"prom"}}]}`, 404, `"prom"`},
	}
	for name, c := range cases {
		status, out := call(t, "POST", srv.URL+"/api/ds/query", c.body)
		if status != c.status || !strings.Contains(out["message"].(string), c.want) {
			t.Errorf("%s: got %d %v, want %d with %q", name, status, out, c.status, c.want)
		}
	}
}

func TestResourcesSettingsAndUnknownRoutes(t *testing.T) {
	srv := newTestServer(t, "http://127.0.0.1:9428")
	status, out := call(t, "GET", srv.URL+"/api/datasources/uid/vigil/resources/version", "")
	if status != 200 || out["version"] == nil {
		t.Fatalf("resources/version: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/datasources/uid/vigil/resources/nope", "")
	if status != 404 || !strings.Contains(out["message"].(string), "nope") {
		t.Fatalf("unknown resource must carry the plugin's 404: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/plugins/vigil-k8ssecurity-app/settings", "")
	if status != 200 || out["enabled"] != true || out["type"] != "app" || out["includes"] == nil {
		t.Fatalf("app settings: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/datasources/uid/vigil", "")
	if status != 200 || out["jsonData"].(map[string]any)["logUrl"] != "http://127.0.0.1:9428" {
		t.Fatalf("data source settings: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/v1/provisioning/alert-rules", "")
	if status != 404 || !strings.Contains(out["message"].(string), "not Grafana") {
		t.Fatalf("routes Grafana has and the devhost lacks must say so: %d %v", status, out)
	}
}

func TestSPAFallbackServesIndexForRoutesOnly(t *testing.T) {
	srv := newTestServer(t, "http://127.0.0.1:9428")
	for path, want := range map[string]int{
		"/a/vigil-k8ssecurity-app/overview": 200,
		"/host/datasource/query":            200,
		"/public/build/missing.js":          404,
		"/favicon.ico":                      404,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: got %d, want %d", path, res.StatusCode, want)
		}
	}
}
