package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
)

// grafanaProxy forwards the Grafana HTTP routes the devhost does not implement itself
// (alerting provisioning, folders, plugin settings writes) to a Grafana API contract
// server (tests/contract), so that pages writing alert rules run against the documented
// contract instead of a fake. The devhost is not Grafana and holds no such state.
type grafanaProxy struct {
	target *url.URL
	// auth is sent as the Authorization header: the contract server's role.
	auth  string
	proxy *httputil.ReverseProxy
}

func newGrafanaProxy(rawURL, auth string) (*grafanaProxy, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	p := &grafanaProxy{target: u, auth: auth}
	p.proxy = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(u)
		r.Out.Host = u.Host
		if auth != "" {
			r.Out.Header.Set("Authorization", auth)
		}
	}}
	return p, nil
}

// routes registers the proxied paths; they win over the devhost's catch-all 404 for /api/.
func (p *grafanaProxy) routes(mux *http.ServeMux) {
	mux.Handle("/api/v1/provisioning/", p.proxy)
	mux.Handle("/api/folders", p.proxy)
	mux.Handle("/api/folders/", p.proxy)
	mux.Handle("POST /api/plugins/{id}/settings", p.proxy)
}

// settingsState reads enabled, pinned and jsonData of a plugin from the contract server, so
// that settings written through the proxy are read back; ok is false when it has none.
func (p *grafanaProxy) settingsState(r *http.Request, id string) (map[string]any, bool) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, p.target.JoinPath("/api/plugins", id, "settings").String(), nil)
	if err != nil {
		return nil, false
	}
	if p.auth != "" {
		req.Header.Set("Authorization", p.auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, false
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, res.Body)
		return nil, false
	}
	var state map[string]any
	if json.NewDecoder(res.Body).Decode(&state) != nil {
		return nil, false
	}
	return state, true
}
