// Package plugin holds the Vigil data source instance: settings, handlers and their wiring.
package plugin

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/vigil/k8ssecurity/pkg/loki"
	"github.com/vigil/k8ssecurity/pkg/prometheus"
	"github.com/vigil/k8ssecurity/pkg/upstream"
	"github.com/vigil/k8ssecurity/pkg/victorialogs"
)

// PluginID must equal the id in src/datasource/plugin.json.
const PluginID = "vigil-k8ssecurity-datasource"

// Version is set at build time through -ldflags.
var Version = "dev"

// maxConcurrentQueries bounds how many queries of one request run at once.
const maxConcurrentQueries = 4

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
	// Exactly one of loki and vlogs is set when the log backend is configured.
	loki  *loki.Client
	vlogs *victorialogs.Client
	prom  *prometheus.Client
	// setupErrors explains why a client could not be built (bad URL, bad CA), per upstream.
	setupErrors map[string]string
	redact      *upstream.Redactor
	cache       *resourceCache
}

// NewDatasource is the instance factory Grafana's SDK calls for each data source config.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := LoadSettings(s)
	if err != nil {
		return nil, err
	}
	d := &Datasource{settings: settings, setupErrors: map[string]string{}, cache: newResourceCache()}
	d.redact = upstream.NewRedactor(settings.Secrets())

	if settings.LogURL != "" {
		cfg := settings.LogUpstream()
		up, err := upstream.New(cfg)
		switch {
		case err != nil:
			d.setupErrors[cfg.Name] = err.Error()
		case settings.LogBackend == LogBackendVictoriaLogs:
			d.vlogs = victorialogs.New(up)
		case settings.LogBackend == LogBackendLoki:
			d.loki = loki.New(up)
		}
	}
	if settings.PrometheusURL != "" {
		up, err := upstream.New(settings.PrometheusUpstream())
		if err != nil {
			d.setupErrors["Prometheus"] = err.Error()
		} else {
			d.prom = prometheus.New(up)
		}
	}
	return d, nil
}

// Dispose releases idle connections when Grafana drops the instance after a settings change.
func (d *Datasource) Dispose() {
	if d.loki != nil {
		d.loki.Upstream().Close()
	}
	if d.vlogs != nil {
		d.vlogs.Upstream().Close()
	}
	if d.prom != nil {
		d.prom.Upstream().Close()
	}
}

// scrub removes every secret from text leaving the plugin.
func (d *Datasource) scrub(s string) string { return d.redact.Redact(s) }

// QueryData answers each query independently and concurrently (bounded), so one slow or
// failing query never fails the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxConcurrentQueries)
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			r := d.runQuery(ctx, q)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp, nil
}
