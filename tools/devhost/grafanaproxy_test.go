package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

// TestGrafanaProxy checks the -grafana-api routing: alerting, folder and settings writes reach
// the upstream with the configured Authorization; settings reads overlay its jsonData; the
// devhost's own routes stay local; without the option those routes answer 404.
func TestGrafanaProxy(t *testing.T) {
	var seen []string
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/settings") {
			_, _ = w.Write([]byte(`{"enabled":true,"pinned":false,"jsonData":{"detections":{"ruleGroup":"g"}}}`))
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"uid":"x"}`))
	}))
	t.Cleanup(upstream.Close)

	dist := t.TempDir()
	root := pluginhost.RepoRoot()
	copyFile(t, filepath.Join(root, "plugin.json"), filepath.Join(dist, "plugin.json"))
	copyFile(t, filepath.Join(root, "src", "datasource", "plugin.json"), filepath.Join(dist, "datasource", "plugin.json"))
	plugins, err := loadPlugins(dist)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := newGrafanaProxy(upstream.URL, "Bearer Editor")
	if err != nil {
		t.Fatal(err)
	}
	serve := func(g *grafanaProxy) *httptest.Server {
		a := &api{plugins: plugins, grafana: g}
		mux := http.NewServeMux()
		a.routes(mux)
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		return srv
	}
	srv := serve(proxy)

	res, err := http.Post(srv.URL+"/api/v1/provisioning/alert-rules", "application/json", strings.NewReader(`{"title":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST alert-rules: status %d, want the upstream's 201", res.StatusCode)
	}
	if _, err := http.Post(srv.URL+"/api/folders", "application/json", strings.NewReader(`{"title":"f"}`)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /api/v1/provisioning/alert-rules Bearer Editor {"title":"t"}`,
		`POST /api/folders Bearer Editor {"title":"f"}`,
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Fatalf("upstream saw:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}

	res, err = http.Get(srv.URL + "/api/plugins/vigil-k8ssecurity-app/settings")
	if err != nil {
		t.Fatal(err)
	}
	var settings map[string]any
	if err := json.NewDecoder(res.Body).Decode(&settings); err != nil {
		t.Fatal(err)
	}
	if settings["name"] != "Vigil Kubernetes Security" || settings["pinned"] != false {
		t.Fatalf("settings should keep plugin.json fields and take the upstream state: %v", settings)
	}
	if jd, _ := json.Marshal(settings["jsonData"]); string(jd) != `{"detections":{"ruleGroup":"g"}}` {
		t.Fatalf("jsonData = %s, want the upstream's", jd)
	}

	plain := serve(nil)
	res, err = http.Get(plain.URL + "/api/v1/provisioning/alert-rules")
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("without -grafana-api the route must be 404, got %d", res.StatusCode)
	}
}
