package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

// TestDevhost runs every route through the real plugin binary. The upstream URLs point at
// closed loopback ports, so the plugin's own failure answers are what the devhost must pass
// on; the healthy path with a real VictoriaLogs and Prometheus is covered by the browser
// tests (tests/host), which can start the test stack.
func TestDevhost(t *testing.T) {
	vlURL, promURL := closedPortURL(t), closedPortURL(t)
	srv := newTestServer(t, vlURL, promURL)
	t.Run("health", func(t *testing.T) { testHealth(t, srv, vlURL) })
	t.Run("query", func(t *testing.T) { testQueryData(t, srv) })
	t.Run("bad queries", func(t *testing.T) { testBadQueries(t, srv) })
	t.Run("resources and settings", func(t *testing.T) { testResourcesAndSettings(t, srv, vlURL) })
	t.Run("spa fallback", func(t *testing.T) { testSPAFallback(t, srv) })
}

// newTestServer serves the devhost routes backed by the real plugin binary over gRPC.
func newTestServer(t *testing.T, logURL, prometheusURL string) *httptest.Server {
	t.Helper()
	dist := t.TempDir()
	root := pluginhost.RepoRoot()
	copyFile(t, filepath.Join(root, "plugin.json"), filepath.Join(dist, "plugin.json"))
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
			LogURL: logURL, PrometheusURL: prometheusURL, Updated: time.Now()},
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

// closedPortURL is an http URL on loopback where nothing listens.
func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	return url
}

func testHealth(t *testing.T, srv *httptest.Server, vlURL string) {
	// Unreachable upstreams: Grafana's 400 with the plugin's message and details.
	status, body := call(t, "GET", srv.URL+"/api/datasources/uid/vigil/health", "")
	if status != 400 || body["status"] != "ERROR" || !strings.Contains(body["message"].(string), "connection refused") {
		t.Fatalf("unreachable upstreams: got %d %v", status, body)
	}
	if !strings.Contains(mustJSON(t, body["details"]), vlURL) {
		t.Fatalf("health details must name the VictoriaLogs checked: %v", body["details"])
	}

	broken := newTestServer(t, "", "")
	status, body = call(t, "GET", broken.URL+"/api/datasources/uid/vigil/health", "")
	if status != 400 || body["status"] != "ERROR" || !strings.Contains(body["message"].(string), "log backend URL is not set") {
		t.Fatalf("unconfigured: got %d %v", status, body)
	}

	status, body = call(t, "GET", srv.URL+"/api/datasources/uid/other/health", "")
	if status != 404 || !strings.Contains(body["message"].(string), `"other"`) {
		t.Fatalf("unknown uid: got %d %v", status, body)
	}
}

func testQueryData(t *testing.T, srv *httptest.Server) {
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

func testBadQueries(t *testing.T, srv *httptest.Server) {
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

func testResourcesAndSettings(t *testing.T, srv *httptest.Server, vlURL string) {
	status, out := call(t, "GET", srv.URL+"/api/datasources/uid/vigil/resources/labels", "")
	if status != 502 || !strings.Contains(out["message"].(string), "connection refused") {
		t.Fatalf("resources/labels with VictoriaLogs down must carry the plugin's 502: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/datasources/uid/vigil/resources/label-values", "")
	if status != 400 || !strings.Contains(out["message"].(string), "label") {
		t.Fatalf("resources/label-values without a label must carry the plugin's 400: %d %v", status, out)
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
	if status != 200 || out["jsonData"].(map[string]any)["logUrl"] != vlURL {
		t.Fatalf("data source settings: %d %v", status, out)
	}
	status, out = call(t, "GET", srv.URL+"/api/v1/provisioning/alert-rules", "")
	if status != 404 || !strings.Contains(out["message"].(string), "not Grafana") {
		t.Fatalf("routes Grafana has and the devhost lacks must say so: %d %v", status, out)
	}
}

func testSPAFallback(t *testing.T, srv *httptest.Server) {
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

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
