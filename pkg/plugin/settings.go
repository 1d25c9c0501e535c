package plugin

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Log backends Vigil can query.
const (
	LogBackendLoki         = "loki"
	LogBackendVictoriaLogs = "victorialogs"
)

// Settings is the parsed jsonData of a Vigil data source.
type Settings struct {
	LogBackend    string `json:"logBackend"`
	LogURL        string `json:"logUrl"`
	PrometheusURL string `json:"prometheusUrl"`
}

// LoadSettings parses the instance settings Grafana sends. Bad JSON is an error;
// missing values are not (CheckHealth reports them), so a new data source still loads.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return Settings{}, fmt.Errorf("invalid data source settings JSON: %w", err)
		}
	}
	if out.LogBackend == "" {
		out.LogBackend = LogBackendLoki
	}
	return out, nil
}

// Problems lists what stops the data source from querying, in words a user can act on.
func (s Settings) Problems() []string {
	var p []string
	switch s.LogBackend {
	case LogBackendLoki, LogBackendVictoriaLogs:
	default:
		p = append(p, fmt.Sprintf("unknown log backend %q (use %q or %q)", s.LogBackend, LogBackendLoki, LogBackendVictoriaLogs))
	}
	if err := checkURL(s.LogURL); err != nil {
		p = append(p, "log backend URL "+err.Error())
	}
	if err := checkURL(s.PrometheusURL); err != nil {
		p = append(p, "Prometheus URL "+err.Error())
	}
	return p
}

func checkURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("is not set")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", raw)
	}
	return nil
}
