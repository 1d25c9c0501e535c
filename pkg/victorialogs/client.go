// Package victorialogs is a client for VictoriaLogs' LogsQL HTTP API.
package victorialogs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
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

// StreamFieldNames lists the stream field names (the labels of Loki-API pushes) of rows
// matching query in [start, end].
func (c *Client) StreamFieldNames(ctx context.Context, query string, start, end time.Time) ([]string, error) {
	p := url.Values{"query": {query}, "start": {timeParam(start)}, "end": {timeParam(end)}}
	var out valuesResponse
	err := c.up.GetJSON(ctx, "/select/logsql/stream_field_names", p, &out)
	return out.names(), err
}

// StreamFieldValues lists the values of one stream field in rows matching query, at most
// limit of them.
func (c *Client) StreamFieldValues(ctx context.Context, query, field string, start, end time.Time, limit int) ([]string, error) {
	p := url.Values{"query": {query}, "field": {field}, "start": {timeParam(start)}, "end": {timeParam(end)}, "limit": {strconv.Itoa(limit)}}
	var out valuesResponse
	err := c.up.GetJSON(ctx, "/select/logsql/stream_field_values", p, &out)
	return out.names(), err
}

// Layouts of a stream: how VictoriaLogs holds the events.
const (
	// LayoutNative: the event split into fields at ingestion (VictoriaLogs' default for
	// JSON lines); _msg holds only the "missing _msg field" placeholder.
	LayoutNative = "native"
	// LayoutVerbatim: the line kept in _msg (e.g. pushed with disable_message_parsing=1).
	LayoutVerbatim = "verbatim"
	// LayoutMixed: a stream or source holding rows of both layouts.
	LayoutMixed = "mixed"
)

// StreamRows counts one stream's rows and how many of them were stored without a message.
type StreamRows struct {
	Stream     string `json:"stream"`
	Rows       int64  `json:"rows"`
	NativeRows int64  `json:"nativeRows"`
	// Layout is LayoutOf(Rows, NativeRows).
	Layout string `json:"layout"`
}

// LayoutOf classifies rows of which native were stored without a message.
func LayoutOf(rows, native int64) string {
	switch {
	case rows == 0:
		return ""
	case native == 0:
		return LayoutVerbatim
	case native >= rows:
		return LayoutNative
	}
	return LayoutMixed
}

// MaxLayoutStreams bounds how many streams StreamLayouts reads per answer.
const MaxLayoutStreams = 1000

// LayoutQueries are the two queries StreamLayouts runs for filter: rows per stream, and
// rows per stream whose _msg is VictoriaLogs' "missing _msg field" placeholder. Neither
// reads a column of event data: the first counts rows, the second's exact-prefix filter is
// answered from the _msg bloom filters for lines kept verbatim, and from the one constant
// _msg value of each block of rows stored as fields.
func LayoutQueries(filter string) (rows, native string) {
	return filter + " | stats by (_stream) count() rows",
		"(" + filter + `) _msg:="missing _msg field"* | stats by (_stream) count() native`
}

// StreamLayouts counts, per stream of the rows matching filter in [start, end], its rows
// and how many hold the event as fields. Streams are ordered by rows, most first; at most
// MaxLayoutStreams are read.
func (c *Client) StreamLayouts(ctx context.Context, filter string, start, end time.Time) ([]StreamRows, error) {
	rowsQuery, nativeQuery := LayoutQueries(filter)
	rows, err := c.countByStream(ctx, rowsQuery, "rows", start, end)
	if err != nil {
		return nil, err
	}
	native, err := c.countByStream(ctx, nativeQuery, "native", start, end)
	if err != nil {
		return nil, err
	}
	out := make([]StreamRows, 0, len(rows))
	for stream, n := range rows {
		out = append(out, StreamRows{Stream: stream, Rows: n, NativeRows: native[stream], Layout: LayoutOf(n, native[stream])})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rows != out[j].Rows {
			return out[i].Rows > out[j].Rows
		}
		return out[i].Stream < out[j].Stream
	})
	return out, nil
}

// countByStream runs a `stats by (_stream) count() <name>` query.
func (c *Client) countByStream(ctx context.Context, query, name string, start, end time.Time) (map[string]int64, error) {
	p := url.Values{"query": {query}, "start": {timeParam(start)}, "end": {timeParam(end)}}
	resp, err := c.up.Get(ctx, "/select/logsql/query", p)
	if err != nil {
		return nil, err
	}
	defer resp.Close()
	out := map[string]int64{}
	lines := bufio.NewScanner(resp.Body)
	for len(out) < MaxLayoutStreams && lines.Scan() {
		line := bytes.TrimSpace(lines.Bytes())
		if len(line) == 0 {
			continue
		}
		var row map[string]string
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, c.up.Malformed(err)
		}
		n, err := strconv.ParseInt(row[name], 10, 64)
		if err != nil {
			return nil, c.up.Malformed(fmt.Errorf("%s %q: %w", name, row[name], err))
		}
		out[row["_stream"]] += n
	}
	if err := lines.Err(); err != nil {
		return nil, c.up.Malformed(err)
	}
	return out, nil
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
