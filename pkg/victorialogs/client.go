// Package victorialogs is a client for VictoriaLogs' LogsQL HTTP API.
package victorialogs

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// Client queries one VictoriaLogs.
type Client struct{ up *upstream.Client }

// New wraps an upstream client configured for VictoriaLogs.
func New(up *upstream.Client) *Client { return &Client{up: up} }

// Upstream returns the underlying HTTP client.
func (c *Client) Upstream() *upstream.Client { return c.up }

// Step formats a step as a LogsQL duration (VictoriaLogs wants units, e.g. 1500ms).
func Step(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
}

func timeParam(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// QueryParams builds /select/logsql/query parameters: the newest limit rows in [start, end].
func QueryParams(expr string, start, end time.Time, limit int) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("start", timeParam(start))
	p.Set("end", timeParam(end))
	p.Set("limit", strconv.Itoa(limit))
	return p
}

// Query streams matching rows as JSON Lines.
func (c *Client) Query(ctx context.Context, expr string, start, end time.Time, limit int) (*upstream.Response, error) {
	return c.up.Get(ctx, "/select/logsql/query", QueryParams(expr, start, end, limit))
}

// StatsQueryRangeParams builds /select/logsql/stats_query_range parameters.
func StatsQueryRangeParams(expr string, start, end time.Time, step time.Duration) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("start", timeParam(start))
	p.Set("end", timeParam(end))
	p.Set("step", Step(step))
	return p
}

// StatsQueryRange runs a `| stats` query bucketed by step; the answer is a Prometheus matrix.
func (c *Client) StatsQueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (*upstream.Response, error) {
	return c.up.Get(ctx, "/select/logsql/stats_query_range", StatsQueryRangeParams(expr, start, end, step))
}

// StatsQuery runs a `| stats` query at one instant; the answer is a Prometheus vector.
// LogsQL filters carry their own time window (e.g. _time:5m), evaluated back from at.
func (c *Client) StatsQuery(ctx context.Context, expr string, at time.Time) (*upstream.Response, error) {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("time", timeParam(at))
	return c.up.Get(ctx, "/select/logsql/stats_query", p)
}

type valuesResponse struct {
	Values []struct {
		Value string `json:"value"`
		Hits  uint64 `json:"hits"`
	} `json:"values"`
}

func (v valuesResponse) names() []string {
	out := make([]string, 0, len(v.Values))
	for _, x := range v.Values {
		out = append(out, x.Value)
	}
	return out
}

// FieldNames lists the field names of rows matching query (use "*" for all) in [start, end].
func (c *Client) FieldNames(ctx context.Context, query string, start, end time.Time) ([]string, error) {
	p := url.Values{"query": {query}, "start": {timeParam(start)}, "end": {timeParam(end)}}
	var out valuesResponse
	err := c.up.GetJSON(ctx, "/select/logsql/field_names", p, &out)
	return out.names(), err
}

// FieldValues lists the values of field in rows matching query, at most limit of them.
func (c *Client) FieldValues(ctx context.Context, query, field string, start, end time.Time, limit int) ([]string, error) {
	p := url.Values{"query": {query}, "field": {field}, "start": {timeParam(start)}, "end": {timeParam(end)}, "limit": {strconv.Itoa(limit)}}
	var out valuesResponse
	err := c.up.GetJSON(ctx, "/select/logsql/field_values", p, &out)
	return out.names(), err
}

// Ready checks /health and then that a query runs.
func (c *Client) Ready(ctx context.Context) error {
	resp, err := c.up.Get(ctx, "/health", nil)
	if err != nil {
		return err
	}
	resp.Close()
	now := time.Now()
	_, err = c.FieldNames(ctx, "*", now.Add(-5*time.Minute), now)
	return err
}
