package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// pluginBackend is what the devhost needs from the data source backend: the three calls
// Grafana makes for the pages. It is the plugin binary over gRPC (*pluginhost.Host).
type pluginBackend interface {
	CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error)
	QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error)
	CallResource(ctx context.Context, req *backend.CallResourceRequest) (*backend.CallResourceResponse, error)
}

// api answers the few Grafana HTTP routes Vigil's pages call.
type api struct {
	ds      dataSource
	backend pluginBackend
	plugins *pluginCatalog
	now     func() time.Time
	// grafana, when set, answers the alerting, folder and settings-write routes.
	grafana *grafanaProxy
}

const notGrafana = "the Vigil devhost (a test host, not Grafana)"

func (a *api) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/datasources", a.listDataSources)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", a.getDataSource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", a.checkHealth)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", a.callResource)
	mux.HandleFunc("POST /api/ds/query", a.queryData)
	mux.HandleFunc("GET /api/plugins", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, a.plugins.list())
	})
	mux.HandleFunc("GET /api/plugins/{id}/settings", a.pluginSettings)
	mux.HandleFunc("GET /public/plugins/{id}/{path...}", a.plugins.serveFiles)
	if a.grafana != nil {
		a.grafana.routes(mux)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, message("%s %s is not served by %s", r.Method, r.URL.Path, notGrafana))
	})
}

func message(format string, args ...any) map[string]string {
	return map[string]string{"message": fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (a *api) listDataSources(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, []any{a.ds.listItem()})
}

func (a *api) findDataSource(w http.ResponseWriter, r *http.Request) bool {
	if uid := r.PathValue("uid"); uid != a.ds.UID {
		writeJSON(w, http.StatusNotFound, message("Data source not found: %q", uid))
		return false
	}
	return true
}

func (a *api) getDataSource(w http.ResponseWriter, r *http.Request) {
	if a.findDataSource(w, r) {
		writeJSON(w, http.StatusOK, a.ds.settingsItem())
	}
}

// checkHealth answers like Grafana: 200 with status OK, otherwise 400 with the plugin's message.
func (a *api) checkHealth(w http.ResponseWriter, r *http.Request) {
	if !a.findDataSource(w, r) {
		return
	}
	pc, err := a.ds.pluginContext()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("data source settings: %v", err))
		return
	}
	res, err := a.backend.CheckHealth(r.Context(), &backend.CheckHealthRequest{PluginContext: pc, Headers: map[string]string{}})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Plugin health check failed: %v", err))
		return
	}
	payload := map[string]any{"status": res.Status.String(), "message": res.Message}
	if len(res.JSONDetails) > 0 {
		var details any
		if json.Unmarshal(res.JSONDetails, &details) == nil {
			payload["details"] = details
		}
	}
	status := http.StatusOK
	if res.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, payload)
}

func (a *api) callResource(w http.ResponseWriter, r *http.Request) {
	if !a.findDataSource(w, r) {
		return
	}
	pc, err := a.ds.pluginContext()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("data source settings: %v", err))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, message("reading request body: %v", err))
		return
	}
	path := r.PathValue("path")
	rawURL := path
	if r.URL.RawQuery != "" {
		rawURL += "?" + r.URL.RawQuery
	}
	req := &backend.CallResourceRequest{
		PluginContext: pc,
		Path:          path,
		Method:        r.Method,
		URL:           rawURL,
		Headers:       forwardedHeaders(r.Header),
		Body:          body,
	}
	res, err := a.backend.CallResource(r.Context(), req)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Failed to call resource: %v", err))
		return
	}
	for k, vs := range res.Headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(res.Status)
	_, _ = w.Write(res.Body)
}

// forwardedHeaders drops what Grafana never forwards to plugins (cookies, hop-by-hop).
func forwardedHeaders(h http.Header) map[string][]string {
	out := map[string][]string{}
	for k, v := range h {
		switch strings.ToLower(k) {
		case "cookie", "connection", "keep-alive", "transfer-encoding", "upgrade", "authorization":
			continue
		}
		out[k] = v
	}
	return out
}

func (a *api) pluginSettings(w http.ResponseWriter, r *http.Request) {
	settings, ok := a.plugins.settings(r.PathValue("id"))
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Plugin not found, no installed plugin with that id"))
		return
	}
	if a.grafana != nil {
		if state, ok := a.grafana.settingsState(r, r.PathValue("id")); ok {
			for _, k := range []string{"enabled", "pinned", "jsonData"} {
				if v, has := state[k]; has {
					settings[k] = v
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, settings)
}

func (a *api) queryData(w http.ResponseWriter, r *http.Request) {
	req, status, err := a.parseQueryRequest(r)
	if err != nil {
		writeJSON(w, status, message("%v", err))
		return
	}
	resp, err := a.backend.QueryData(r.Context(), req)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("Query data error: %v", err))
		return
	}
	writeQueryResponse(w, resp)
}

// writeQueryResponse uses Grafana's default status: 400 when any query failed
// (207 only behind Grafana's datasourceQueryMultiStatus feature toggle).
func writeQueryResponse(w http.ResponseWriter, resp *backend.QueryDataResponse) {
	status := http.StatusOK
	for _, res := range resp.Responses {
		if res.Error != nil {
			status = http.StatusBadRequest
		}
	}
	body, err := resp.MarshalJSON()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message("encoding query response: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

type queryRequestBody struct {
	Queries []json.RawMessage `json:"queries"`
	From    string            `json:"from"`
	To      string            `json:"to"`
}

type queryFields struct {
	RefID         string `json:"refId"`
	QueryType     string `json:"queryType"`
	MaxDataPoints int64  `json:"maxDataPoints"`
	IntervalMs    int64  `json:"intervalMs"`
	Datasource    *struct {
		UID  string `json:"uid"`
		Type string `json:"type"`
	} `json:"datasource"`
}

func (a *api) parseQueryRequest(r *http.Request) (*backend.QueryDataRequest, int, error) {
	var body queryRequestBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("bad request data: %v", err)
	}
	if len(body.Queries) == 0 {
		return nil, http.StatusBadRequest, fmt.Errorf("no queries found in the request")
	}
	now := a.now()
	from, err := parseTime(orDefault(body.From, "now-1h"), now)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	to, err := parseTime(orDefault(body.To, "now"), now)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	pc, err := a.ds.pluginContext()
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	req := &backend.QueryDataRequest{PluginContext: pc, Headers: map[string]string{}}
	for _, raw := range body.Queries {
		q, status, err := a.toDataQuery(raw, backend.TimeRange{From: from, To: to})
		if err != nil {
			return nil, status, err
		}
		req.Queries = append(req.Queries, q)
	}
	return req, http.StatusOK, nil
}

func (a *api) toDataQuery(raw json.RawMessage, tr backend.TimeRange) (backend.DataQuery, int, error) {
	var f queryFields
	if err := json.Unmarshal(raw, &f); err != nil {
		return backend.DataQuery{}, http.StatusBadRequest, fmt.Errorf("bad query: %v", err)
	}
	if f.Datasource != nil && f.Datasource.UID != "" && f.Datasource.UID != a.ds.UID {
		return backend.DataQuery{}, http.StatusNotFound, fmt.Errorf("data source %q is not served by %s", f.Datasource.UID, notGrafana)
	}
	if f.RefID == "" {
		f.RefID = "A"
	}
	if f.MaxDataPoints == 0 {
		f.MaxDataPoints = 100
	}
	if f.IntervalMs == 0 {
		f.IntervalMs = 1000
	}
	return backend.DataQuery{
		RefID:         f.RefID,
		QueryType:     f.QueryType,
		MaxDataPoints: f.MaxDataPoints,
		Interval:      time.Duration(f.IntervalMs) * time.Millisecond,
		TimeRange:     tr,
		JSON:          raw,
	}, http.StatusOK, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
