package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// dataSource is the one Vigil data source the devhost offers, configured from flags
// where Grafana would read it from its database.
type dataSource struct {
	ID            int64
	UID           string
	Name          string
	Type          string
	LogBackend    string
	LogURL        string
	PrometheusURL string
	// StreamSelectors is jsonData.streamSelectors: a stream selector per source, when set.
	StreamSelectors map[string]string
	Updated         time.Time
}

func (d dataSource) jsonData() map[string]any {
	out := map[string]any{"logBackend": d.LogBackend, "logUrl": d.LogURL, "prometheusUrl": d.PrometheusURL}
	if len(d.StreamSelectors) > 0 {
		out["streamSelectors"] = d.StreamSelectors
	}
	return out
}

// parseStreamSelectors reads the -stream-selectors flag: a JSON object of selectors by
// source, e.g. {"falco":"{rule=~\".+\"}"}; empty means none.
func parseStreamSelectors(text string) (map[string]string, error) {
	if text == "" {
		return nil, nil
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return nil, fmt.Errorf("-stream-selectors: %w", err)
	}
	return out, nil
}

// listItem is one element of GET /api/datasources, in Grafana's field names.
func (d dataSource) listItem() map[string]any {
	return map[string]any{
		"id":          d.ID,
		"uid":         d.UID,
		"orgId":       1,
		"name":        d.Name,
		"type":        d.Type,
		"typeName":    "Vigil Kubernetes Security",
		"typeLogoUrl": "public/plugins/" + d.Type + "/img/logo.svg",
		"access":      "proxy",
		"url":         "",
		"user":        "",
		"database":    "",
		"basicAuth":   false,
		"isDefault":   true,
		"jsonData":    d.jsonData(),
		"readOnly":    true,
	}
}

// settingsItem is GET /api/datasources/uid/{uid}: the list fields plus secrets' names and version.
func (d dataSource) settingsItem() map[string]any {
	item := d.listItem()
	item["secureJsonFields"] = map[string]bool{}
	item["version"] = 1
	item["withCredentials"] = false
	item["basicAuthUser"] = ""
	return item
}

// instanceSettings is what Grafana sends the backend in every request's PluginContext.
func (d dataSource) instanceSettings() (*backend.DataSourceInstanceSettings, error) {
	raw, err := json.Marshal(d.jsonData())
	if err != nil {
		return nil, err
	}
	return &backend.DataSourceInstanceSettings{
		ID:                      d.ID,
		UID:                     d.UID,
		Type:                    d.Type,
		Name:                    d.Name,
		JSONData:                raw,
		DecryptedSecureJSONData: map[string]string{},
		Updated:                 d.Updated,
	}, nil
}

func (d dataSource) pluginContext() (backend.PluginContext, error) {
	settings, err := d.instanceSettings()
	if err != nil {
		return backend.PluginContext{}, err
	}
	return backend.PluginContext{
		OrgID:                      1,
		PluginID:                   d.Type,
		PluginVersion:              "preview",
		User:                       &backend.User{Login: "preview", Name: "Preview user", Role: "Admin"},
		DataSourceInstanceSettings: settings,
	}, nil
}
