//go:build integration

package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// lokiContract is a loopback server answering with the response shapes of Loki's HTTP API
// documentation, used because Loki cannot run here. It is a contract test of the request
// Vigil sends and of the shapes it decodes; with VIGIL_LOKI_URL the same tests hit a real Loki.
type lokiContract struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
	lines   map[string][][2]string // job → [ns, line], newest last
}

func startLokiContract(t *testing.T) *lokiContract {
	c := &lokiContract{lines: map[string][][2]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/loki/api/v1/push", c.push)
	mux.HandleFunc("/loki/api/v1/query_range", c.queryRange)
	mux.HandleFunc("/loki/api/v1/query", c.instant)
	mux.HandleFunc("/loki/api/v1/labels", func(w http.ResponseWriter, r *http.Request) {
		c.record(r)
		writeJSON(w, map[string]any{"status": "success", "data": []string{"job"}})
	})
	mux.HandleFunc("/loki/api/v1/label/job/values", func(w http.ResponseWriter, r *http.Request) {
		c.record(r)
		c.mu.Lock()
		jobs := []string{}
		for j := range c.lines {
			jobs = append(jobs, j)
		}
		c.mu.Unlock()
		writeJSON(w, map[string]any{"status": "success", "data": jobs})
	})
	c.Server = httptest.NewServer(mux)
	t.Cleanup(c.Close)
	return c
}

func (c *lokiContract) record(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers = append(c.headers, r.Header.Clone())
}

func (c *lokiContract) push(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Streams []struct {
			Stream map[string]string `json:"stream"`
			Values [][2]string       `json:"values"`
		} `json:"streams"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	for _, s := range body.Streams {
		c.lines[s.Stream["job"]] = append(c.lines[s.Stream["job"]], s.Values...)
	}
	c.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// selectorJob understands `{job="x"}` only: enough for the contract, not a LogQL parser.
func selectorJob(q string) (string, bool) {
	start := strings.Index(q, `job="`)
	if start < 0 {
		return "", false
	}
	rest := q[start+5:]
	end := strings.Index(rest, `"`)
	return rest[:end], end >= 0
}

func (c *lokiContract) queryRange(w http.ResponseWriter, r *http.Request) {
	c.record(r)
	p := r.URL.Query()
	q := p.Get("query")
	limit, err := strconv.Atoi(p.Get("limit"))
	if err != nil {
		http.Error(w, "invalid limit", http.StatusBadRequest)
		return
	}
	if limit > 5000 {
		http.Error(w, fmt.Sprintf("max entries limit per query exceeded, limit > max_entries_limit_per_query (%d > 5000)", limit), http.StatusBadRequest)
		return
	}
	for _, k := range []string{"start", "end"} {
		if _, err := strconv.ParseInt(p.Get(k), 10, 64); err != nil {
			http.Error(w, "invalid "+k, http.StatusBadRequest)
			return
		}
	}
	job, ok := selectorJob(q)
	if !ok || strings.Contains(q, "|||") {
		http.Error(w, "parse error at line 1, col 1: syntax error: unexpected IDENTIFIER", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	lines := c.lines[job]
	c.mu.Unlock()
	if strings.HasPrefix(q, "count_over_time(") {
		values := [][]any{}
		for _, l := range lines {
			ns, _ := strconv.ParseInt(l[0], 10, 64)
			values = append(values, []any{float64(ns) / 1e9, "1"})
		}
		writeJSON(w, map[string]any{"status": "success", "data": map[string]any{"resultType": "matrix",
			"result": []any{map[string]any{"metric": map[string]string{"job": job}, "values": values}}}})
		return
	}
	newestFirst := [][2]string{}
	for i := len(lines) - 1; i >= 0 && len(newestFirst) < limit; i-- {
		newestFirst = append(newestFirst, lines[i])
	}
	writeJSON(w, map[string]any{"status": "success", "data": map[string]any{"resultType": "streams",
		"result": []any{map[string]any{"stream": map[string]string{"job": job}, "values": newestFirst}}, "stats": map[string]any{}}})
}

func (c *lokiContract) instant(w http.ResponseWriter, r *http.Request) {
	c.record(r)
	q := r.URL.Query().Get("query")
	job, _ := selectorJob(q)
	if !strings.HasPrefix(q, "count_over_time(") {
		http.Error(w, "log queries are not supported as an instant query type, please change your query to a range query type", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	n := len(c.lines[job])
	c.mu.Unlock()
	writeJSON(w, map[string]any{"status": "success", "data": map[string]any{"resultType": "vector",
		"result": []any{map[string]any{"metric": map[string]string{"job": job}, "value": []any{1700000000.5, strconv.Itoa(n)}}}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func basicAuth(header string) (string, string, bool) {
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", header)
	return r.BasicAuth()
}
