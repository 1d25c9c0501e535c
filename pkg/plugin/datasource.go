// Package plugin holds the Vigil data source instance: settings, handlers and their wiring.
package plugin

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
)

// PluginID must equal the id in src/datasource/plugin.json.
const PluginID = "vigil-k8ssecurity-datasource"

// Version is set at build time through -ldflags.
var Version = "dev"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Vigil data source. It coordinates; the work lives in
// the upstream clients and frame converters.
type Datasource struct {
	settings Settings
}

// NewDatasource is the instance factory Grafana's SDK calls for each data source config.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := LoadSettings(s)
	if err != nil {
		return nil, err
	}
	return &Datasource{settings: settings}, nil
}

// Dispose releases resources when Grafana drops the instance after a settings change.
func (d *Datasource) Dispose() {}

// QueryData answers each query independently so that one failure never fails the others.
func (d *Datasource) QueryData(_ context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = backend.ErrDataResponse(backend.StatusNotImplemented,
			"Vigil cannot execute queries yet: configure a log backend and Prometheus once query support lands")
	}
	return resp, nil
}

// CheckHealth reports what is configured. It never returns a Go error: Grafana shows
// the message to the user, so the message must say what to fix.
func (d *Datasource) CheckHealth(_ context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	problems := d.settings.Problems()
	details, _ := json.Marshal(map[string]any{"logBackend": d.settings.LogBackend, "version": Version})
	if len(problems) > 0 {
		return &backend.CheckHealthResult{
			Status:      backend.HealthStatusError,
			Message:     fmt.Sprintf("Vigil is not configured: %s", joinProblems(problems)),
			JSONDetails: details,
		}, nil
	}
	return &backend.CheckHealthResult{
		Status:      backend.HealthStatusOk,
		Message:     fmt.Sprintf("Vigil settings are valid (log backend %s at %s, Prometheus at %s)", d.settings.LogBackend, d.settings.LogURL, d.settings.PrometheusURL),
		JSONDetails: details,
	}, nil
}

// CallResource serves the editor's helper endpoints.
func (d *Datasource) CallResource(_ context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	switch req.Path {
	case "version":
		body, _ := json.Marshal(map[string]string{"version": Version})
		return sender.Send(&backend.CallResourceResponse{Status: 200, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: body})
	default:
		body, _ := json.Marshal(map[string]string{"message": fmt.Sprintf("unknown resource %q", req.Path)})
		return sender.Send(&backend.CallResourceResponse{Status: 404, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: body})
	}
}

func joinProblems(p []string) string {
	out := ""
	for i, s := range p {
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}
