package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// pluginCatalog holds the plugin.json files of the built plugin (dist/), the way Grafana
// reads them from its plugins directory.
type pluginCatalog struct {
	byID map[string]map[string]any
	dirs map[string]string
}

// loadPlugins finds every plugin.json under distDir, as Grafana walks a plugin's directory:
// dist/plugin.json is the app and dist/datasource/plugin.json the nested data source.
func loadPlugins(distDir string) (*pluginCatalog, error) {
	c := &pluginCatalog{byID: map[string]map[string]any{}, dirs: map[string]string{}}
	err := filepath.WalkDir(distDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != "plugin.json" {
			return nil
		}
		return c.add(filepath.Dir(p))
	})
	if err != nil {
		return nil, fmt.Errorf("reading the built plugin (run npm run build first): %w", err)
	}
	if len(c.byID) == 0 {
		return nil, fmt.Errorf("no plugin.json under %s (run npm run build first)", distDir)
	}
	return c, nil
}

func (c *pluginCatalog) add(dir string) error {
	raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
	if err != nil {
		return err
	}
	var meta map[string]any
	if err := json.Unmarshal(raw, &meta); err != nil {
		return fmt.Errorf("%s/plugin.json: %w", dir, err)
	}
	id, _ := meta["id"].(string)
	if id == "" {
		return fmt.Errorf("%s/plugin.json has no id", dir)
	}
	if other, dup := c.dirs[id]; dup {
		return fmt.Errorf("plugin %q is in both %s and %s", id, other, dir)
	}
	c.byID[id] = meta
	c.dirs[id] = dir
	return nil
}

// executable is the path Grafana would start for a backend plugin:
// <plugin dir>/<executable>_<goos>_<goarch>.
func (c *pluginCatalog) executable(id, goos, goarch string) (string, error) {
	meta, ok := c.byID[id]
	if !ok {
		return "", fmt.Errorf("plugin %q not found in the build", id)
	}
	exe, _ := meta["executable"].(string)
	if exe == "" {
		return "", fmt.Errorf("plugin %q declares no executable", id)
	}
	return filepath.Join(c.dirs[id], fmt.Sprintf("%s_%s_%s", exe, goos, goarch)), nil
}

// meta is what Grafana's frontend knows of a plugin: its plugin.json plus where its files
// are served. Every plugin, nested or not, is served from public/plugins/<its id>/.
func (c *pluginCatalog) meta(id string) (map[string]any, bool) {
	meta, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	out := make(map[string]any, len(meta)+2)
	for k, v := range meta {
		out[k] = v
	}
	out["module"] = "public/plugins/" + id + "/module.js"
	out["baseUrl"] = "public/plugins/" + id
	return out, true
}

// list is GET /api/plugins: every plugin's meta, sorted by id.
func (c *pluginCatalog) list() []map[string]any {
	ids := make([]string, 0, len(c.byID))
	for id := range c.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		m, _ := c.meta(id)
		out = append(out, m)
	}
	return out
}

// settings is GET /api/plugins/{id}/settings: the plugin.json fields the frontend reads,
// plus the per-org state Grafana keeps (enabled, pinned, jsonData).
func (c *pluginCatalog) settings(id string) (map[string]any, bool) {
	meta, ok := c.meta(id)
	if !ok {
		return nil, false
	}
	out := map[string]any{
		"id":               id,
		"type":             meta["type"],
		"name":             meta["name"],
		"info":             meta["info"],
		"includes":         meta["includes"],
		"dependencies":     meta["dependencies"],
		"enabled":          true,
		"pinned":           true,
		"autoEnabled":      false,
		"jsonData":         map[string]any{},
		"secureJsonFields": map[string]bool{},
		"module":           meta["module"],
		"baseUrl":          meta["baseUrl"],
		"defaultNavUrl":    "/a/" + id,
		"state":            "",
		"signature":        "unsigned",
		"latestVersion":    "",
		"hasUpdate":        false,
	}
	return out, true
}

// serveFiles answers GET /public/plugins/{id}/{path...} from that plugin's own directory,
// as Grafana serves plugin assets: files only, nothing outside the directory, and no
// backend executables.
func (c *pluginCatalog) serveFiles(w http.ResponseWriter, r *http.Request) {
	dir, ok := c.dirs[r.PathValue("id")]
	rel := path.Clean("/" + r.PathValue("path"))
	if !ok || strings.HasPrefix(path.Base(rel), "gpx_") {
		http.NotFound(w, r)
		return
	}
	file := filepath.Join(dir, filepath.FromSlash(rel))
	info, err := os.Stat(file)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !info.Mode().IsRegular()) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.ServeFile(w, r, file)
}
