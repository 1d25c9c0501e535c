package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A built plugin as webpack lays it out: the app at the top, the nested data source below.
func testDist(t *testing.T) string {
	dist := t.TempDir()
	writeFile(t, filepath.Join(dist, "plugin.json"), `{"id":"app-x","type":"app","includes":[{"type":"datasource","path":"datasource/plugin.json"}]}`)
	writeFile(t, filepath.Join(dist, "module.js"), `define([],()=>({}))`)
	writeFile(t, filepath.Join(dist, "datasource", "plugin.json"), `{"id":"ds-x","type":"datasource","backend":true,"executable":"gpx_x"}`)
	writeFile(t, filepath.Join(dist, "datasource", "module.js"), `define([],()=>({}))`)
	writeFile(t, filepath.Join(dist, "datasource", "gpx_x_linux_amd64"), "binary")
	return dist
}

func TestPluginsServedUnderTheirOwnID(t *testing.T) {
	c, err := loadPlugins(testDist(t))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a := &api{plugins: c}
	a.routes(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for path, want := range map[string]int{
		"/public/plugins/app-x/module.js":           200,
		"/public/plugins/ds-x/module.js":            200,
		"/public/plugins/ds-x/module.js?_cache=abc": 200,
		"/public/plugins/ds-x/gpx_x_linux_amd64":    404, // executables are not assets
		"/public/plugins/ds-x/../plugin.json":       404, // Clean keeps requests inside the plugin
		"/public/plugins/ds-x/":                     404, // no listings
		"/public/plugins/nope/module.js":            404,
		"/public/plugins/ds-x/missing-chunk.js":     404,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: got %d, want %d", path, res.StatusCode, want)
		}
		if want == 200 && !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
			t.Errorf("%s: content type %q, SystemJS needs JavaScript", path, res.Header.Get("Content-Type"))
		}
	}

	res, err := http.Get(srv.URL + "/api/plugins")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list []map[string]any
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[1]["id"] != "ds-x" || list[1]["module"] != "public/plugins/ds-x/module.js" || list[1]["backend"] != true {
		t.Fatalf("GET /api/plugins: %v", list)
	}
}

func TestDuplicatePluginIDsAreRejected(t *testing.T) {
	dist := testDist(t)
	writeFile(t, filepath.Join(dist, "copy", "plugin.json"), `{"id":"ds-x","type":"datasource"}`)
	if _, err := loadPlugins(dist); err == nil || !strings.Contains(err.Error(), "ds-x") {
		t.Fatalf("want an error naming the duplicate id, got %v", err)
	}
}
