// Package loki is a client for Loki's HTTP query API.
package loki

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// Loki's default max_entries_limit_per_query; larger limits are rejected with HTTP 400.
const MaxLimit = 5000

// Client queries one Loki.
type Client struct{ up *upstream.Client }

// New wraps an upstream client configured for Loki.
func New(up *upstream.Client) *Client { return &Client{up: up} }

// Upstream returns the underlying HTTP client (for redaction and naming).
func (c *Client) Upstream() *upstream.Client { return c.up }

// QueryRangeParams builds /loki/api/v1/query_range parameters. Log queries return the
// newest limit lines (direction backward); step applies to metric queries.
func QueryRangeParams(expr string, start, end time.Time, step time.Duration, limit int) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("start", upstream.UnixNano(start))
	p.Set("end", upstream.UnixNano(end))
	p.Set("limit", strconv.Itoa(limit))
	p.Set("direction", "backward")
	if step > 0 {
		p.Set("step", upstream.Seconds(step))
	}
	return p
}

// QueryRange runs a log or metric query over a range; the caller streams the body.
func (c *Client) QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration, limit int) (*upstream.Response, error) {
	return c.up.Get(ctx, "/loki/api/v1/query_range", QueryRangeParams(expr, start, end, step, limit))
}

// QueryParams builds /loki/api/v1/query (instant) parameters.
func QueryParams(expr string, at time.Time, limit int) url.Values {
	p := url.Values{}
	p.Set("query", expr)
	p.Set("time", upstream.UnixNano(at))
	p.Set("limit", strconv.Itoa(limit))
	return p
}

// Query runs an instant metric query.
func (c *Client) Query(ctx context.Context, expr string, at time.Time, limit int) (*upstream.Response, error) {
	return c.up.Get(ctx, "/loki/api/v1/query", QueryParams(expr, at, limit))
}

// Labels lists label names seen in [start, end].
func (c *Client) Labels(ctx context.Context, start, end time.Time) ([]string, error) {
	var out upstream.StringList
	err := c.up.GetJSON(ctx, "/loki/api/v1/labels", rangeParams(start, end), &out)
	return out.Data, err
}

// LabelValues lists the values of one label in [start, end], optionally within a selector.
func (c *Client) LabelValues(ctx context.Context, name, selector string, start, end time.Time) ([]string, error) {
	p := rangeParams(start, end)
	if selector != "" {
		p.Set("query", selector)
	}
	var out upstream.StringList
	err := c.up.GetJSON(ctx, "/loki/api/v1/label/"+url.PathEscape(name)+"/values", p, &out)
	return out.Data, err
}

// Ready checks that Loki answers its label API, which needs a working querier
// (/ready alone passes while the read path is still broken).
func (c *Client) Ready(ctx context.Context) error {
	now := time.Now()
	_, err := c.Labels(ctx, now.Add(-5*time.Minute), now)
	return err
}

func rangeParams(start, end time.Time) url.Values {
	p := url.Values{}
	p.Set("start", upstream.UnixNano(start))
	p.Set("end", upstream.UnixNano(end))
	return p
}
