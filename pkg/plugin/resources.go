package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// resourceTTL is how long label lists stay cached: editors ask often, labels change slowly.
const resourceTTL = 30 * time.Second

type cacheEntry struct {
	status  int
	body    []byte
	expires time.Time
}

// resourceCache memoises resource answers per instance.
type resourceCache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

func newResourceCache() *resourceCache { return &resourceCache{entries: map[string]cacheEntry{}} }

func (c *resourceCache) get(key string) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Now().After(e.expires) {
		delete(c.entries, key)
		return cacheEntry{}, false
	}
	return e, true
}

func (c *resourceCache) put(key string, e cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.expires = time.Now().Add(resourceTTL)
	c.entries[key] = e
}

// CallResource serves the editor's helpers:
//   - labels[?target=prometheus]                → {"labels":[...]}
//   - label-values?label=X[&target=prometheus]  → {"values":[...]}
//
// On the log backend, scope=stream lists stream labels only, as the health check reads them
// (on VictoriaLogs: stream fields, not the fields parsed out of events).
//   - health                                    → the HealthReport
//
// Answers are cached for 30 s; errors are not cached.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	u, _ := url.Parse(req.URL)
	params := url.Values{}
	if u != nil {
		params = u.Query()
	}
	key := req.Path + "?" + params.Encode()
	if e, ok := d.cache.get(key); ok {
		return sendJSON(sender, e.status, e.body)
	}
	status, body := d.resource(ctx, req.Path, params)
	if status == http.StatusOK {
		d.cache.put(key, cacheEntry{status: status, body: body})
	}
	return sendJSON(sender, status, body)
}

func (d *Datasource) resource(ctx context.Context, path string, params url.Values) (int, []byte) {
	end := time.Now()
	start := end.Add(-6 * time.Hour)
	prom := params.Get("target") == "prometheus"
	switch path {
	case "health":
		body, _ := json.Marshal(d.Health(ctx))
		return http.StatusOK, body
	case "labels":
		var names []string
		var err error
		switch {
		case prom:
			names, err = d.promClient().labels(ctx, start, end)
		case params.Get("scope") == "stream":
			names, err = d.streamLabelNames(ctx, start, end)
		default:
			names, err = d.logLabelNames(ctx, start, end)
		}
		return d.listAnswer("labels", names, err)
	case "label-values":
		label := params.Get("label")
		if label == "" {
			return errorBody(http.StatusBadRequest, "label-values needs a label parameter")
		}
		var vals []string
		var err error
		switch {
		case prom:
			vals, err = d.promClient().labelValues(ctx, label, start, end)
		case params.Get("scope") == "stream":
			vals, err = d.streamLabelValues(ctx, label, start, end)
		default:
			vals, err = d.logLabelValues(ctx, label, start, end)
		}
		return d.listAnswer("values", vals, err)
	default:
		return errorBody(http.StatusNotFound, fmt.Sprintf("unknown resource %q (use labels, label-values or health)", path))
	}
}

func (d *Datasource) listAnswer(key string, list []string, err error) (int, []byte) {
	if err != nil {
		status := http.StatusBadGateway
		var ue *upstream.Error
		if !errors.As(err, &ue) {
			status = http.StatusBadRequest
		}
		return errorBody(status, d.scrub(err.Error()))
	}
	if list == nil {
		list = []string{}
	}
	sort.Strings(list)
	body, _ := json.Marshal(map[string][]string{key: list})
	return http.StatusOK, body
}

func errorBody(status int, msg string) (int, []byte) {
	body, _ := json.Marshal(map[string]string{"message": msg})
	return status, body
}

func sendJSON(sender backend.CallResourceResponseSender, status int, body []byte) error {
	return sender.Send(&backend.CallResourceResponse{Status: status, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: body})
}

// logLabelNames lists the log backend's label (Loki) or field (VictoriaLogs) names.
func (d *Datasource) logLabelNames(ctx context.Context, start, end time.Time) ([]string, error) {
	switch {
	case d.loki != nil:
		return d.loki.Labels(ctx, start, end)
	case d.vlogs != nil:
		return d.vlogs.FieldNames(ctx, "*", start, end)
	}
	return nil, d.notConfigured(d.settings.LogUpstream().Name, "label lookups")
}

// logLabelValues lists one label's or field's values on the log backend.
func (d *Datasource) logLabelValues(ctx context.Context, label string, start, end time.Time) ([]string, error) {
	switch {
	case d.loki != nil:
		return d.loki.LabelValues(ctx, label, "", start, end)
	case d.vlogs != nil:
		return d.vlogs.FieldValues(ctx, "*", label, start, end, 1000)
	}
	return nil, d.notConfigured(d.settings.LogUpstream().Name, "label lookups")
}

type promLookup struct{ d *Datasource }

func (d *Datasource) promClient() promLookup { return promLookup{d} }

func (p promLookup) labels(ctx context.Context, start, end time.Time) ([]string, error) {
	if p.d.prom == nil {
		return nil, p.d.notConfigured("Prometheus", "label lookups")
	}
	return p.d.prom.Labels(ctx, start, end)
}

func (p promLookup) labelValues(ctx context.Context, label string, start, end time.Time) ([]string, error) {
	if p.d.prom == nil {
		return nil, p.d.notConfigured("Prometheus", "label lookups")
	}
	return p.d.prom.LabelValues(ctx, label, "", start, end)
}
