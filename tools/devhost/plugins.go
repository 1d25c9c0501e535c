package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// pluginCatalog holds the plugin.json files of the built plugin (dist/), the way Grafana
// reads them from its plugins directory.
type pluginCatalog struct {
	byID map[string]map[string]any
	dirs map[string]string
}

// loadPlugins reads dist/plugin.json (the app) and dist/datasource/plugin.json (the nested
// data source).
func loadPlugins(distDir string) (*pluginCatalog, error) {
	c := &pluginCatalog{byID: map[string]map[string]any{}, dirs: map[string]string{}}
	for _, dir := range []string{distDir, filepath.Join(distDir, "datasource")} {
		raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
		if err != nil {
			return nil, fmt.Errorf("reading the built plugin (run npm run build first): %w", err)
		}
		var meta map[string]any
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("%s/plugin.json: %w", dir, err)
		}
		id, _ := meta["id"].(string)
		if id == "" {
			return nil, fmt.Errorf("%s/plugin.json has no id", dir)
		}
		c.byID[id] = meta
		c.dirs[id] = dir
	}
	return c, nil
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

// settings is GET /api/plugins/{id}/settings: the plugin.json fields the frontend reads,
// plus the per-org state Grafana keeps (enabled, pinned, jsonData).
func (c *pluginCatalog) settings(id string) (map[string]any, bool) {
	meta, ok := c.byID[id]
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
		"module":           "public/plugins/" + id + "/module.js",
		"baseUrl":          "public/plugins/" + id,
		"defaultNavUrl":    "/a/" + id,
		"state":            "",
		"signature":        "unsigned",
		"latestVersion":    "",
		"hasUpdate":        false,
	}
	return out, true
}
