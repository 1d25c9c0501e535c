// Package prometheus is a client for the Prometheus HTTP query API.
package prometheus

import (
	"context"
	"net/url"
	"time"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// MaxPoints is Prometheus' limit of points per series in a range query.
const MaxPoints = 11000

// Client queries one Prometheus-compatible server.
type Client struct{ up *upstream.Client }

// New wraps an upstream client configured for Prometheus.
func New(up *upstream.Client) *Client { return &Client{up: up} }

// Upstream returns the underlying HTTP client.
func (c *Client) Upstream() *upstream.Client { return c.up }

// QueryRangeParams builds /api/v1/query_range parameters.
func QueryRangeParams(expr string, start, end time.Time, step time.Duration) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("start", upstream.UnixSeconds(start))
	p.Set("end", upstream.UnixSeconds(end))
	p.Set("step", upstream.Seconds(step))
	return p
}

// QueryRange runs a range query; the caller streams the body.
func (c *Client) QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (*upstream.Response, error) {
	return c.up.Get(ctx, "/api/v1/query_range", QueryRangeParams(expr, start, end, step))
}

// QueryParams builds /api/v1/query parameters.
func QueryParams(expr string, at time.Time) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("time", upstream.UnixSeconds(at))
	return p
}

// Query runs an instant query.
func (c *Client) Query(ctx context.Context, expr string, at time.Time) (*upstream.Response, error) {
	return c.up.Get(ctx, "/api/v1/query", QueryParams(expr, at))
}

// Labels lists label names.
func (c *Client) Labels(ctx context.Context, start, end time.Time) ([]string, error) {
	var out upstream.StringList
	err := c.up.GetJSON(ctx, "/api/v1/labels", rangeParams(start, end), &out)
	return out.Data, err
}

// LabelValues lists one label's values, optionally restricted by a series selector.
func (c *Client) LabelValues(ctx context.Context, name, selector string, start, end time.Time) ([]string, error) {
	p := rangeParams(start, end)
	if selector != "" {
		p.Set("match[]", selector)
	}
	var out upstream.StringList
	err := c.up.GetJSON(ctx, "/api/v1/label/"+url.PathEscape(name)+"/values", p, &out)
	return out.Data, err
}

// Ready evaluates `1`, which proves the query engine answers (not just the process).
func (c *Client) Ready(ctx context.Context) error {
	var out struct {
		Status string `json:"status"`
	}
	return c.up.GetJSON(ctx, "/api/v1/query", url.Values{"query": {"1"}}, &out)
}

func rangeParams(start, end time.Time) url.Values {
	p := url.Values{}
	p.Set("start", upstream.UnixSeconds(start))
	p.Set("end", upstream.UnixSeconds(end))
	return p
}
