package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vigil/k8ssecurity/pkg/frames"
	"github.com/vigil/k8ssecurity/pkg/loki"
	"github.com/vigil/k8ssecurity/pkg/prometheus"
	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// Query languages and query types of the stored query model (src/datasource/types.ts).
const (
	LanguageLogQL  = "logql"
	LanguageLogsQL = "logsql"
	LanguagePromQL = "promql"

	QueryTypeLogs      = "logs"
	QueryTypeMetric    = "metric"
	QueryTypeTable     = "table"
	QueryTypeDetection = "detection"
)

// Line limits: Loki rejects more than 5000 lines per query by default.
const (
	DefaultLimit = 1000
	MaxLimit     = loki.MaxLimit
)

// Query is the JSON model of one Vigil query.
type Query struct {
	Version   int    `json:"version"`
	Source    string `json:"source"`
	Mode      string `json:"mode"`
	QueryType string `json:"queryType"`
	Expr      string `json:"expr"`
	Language  string `json:"language"`
	Legend    string `json:"legend"`
	Limit     int    `json:"limit"`
	// Instant evaluates a metric query at the end of the range only (alerting, tables).
	Instant bool `json:"instant"`
}

// ParseQuery reads and validates a query's JSON.
func ParseQuery(raw json.RawMessage) (Query, error) {
	var q Query
	if err := json.Unmarshal(raw, &q); err != nil {
		return q, fmt.Errorf("invalid query JSON: %w", err)
	}
	q.Expr = strings.TrimSpace(q.Expr)
	if q.Expr == "" {
		return q, errors.New("the query has no expression")
	}
	if q.QueryType == "" {
		q.QueryType = QueryTypeLogs
	}
	switch q.QueryType {
	case QueryTypeLogs, QueryTypeMetric, QueryTypeTable, QueryTypeDetection:
	default:
		return q, fmt.Errorf("unknown queryType %q (use logs, metric, table or detection)", q.QueryType)
	}
	switch q.Language {
	case LanguageLogQL, LanguageLogsQL, LanguagePromQL:
	case "":
		return q, errors.New("the query has no language (logql, logsql or promql)")
	default:
		return q, fmt.Errorf("unknown query language %q (use logql, logsql or promql)", q.Language)
	}
	if q.Language == LanguagePromQL && q.QueryType == QueryTypeLogs {
		return q, errors.New("a PromQL query cannot return log lines: use queryType metric or table")
	}
	return q, nil
}

// lineLimit applies the default and Loki's maximum; the notice says when it capped.
func (q Query) lineLimit() (int, string) {
	switch {
	case q.Limit <= 0:
		return DefaultLimit, ""
	case q.Limit > MaxLimit:
		return MaxLimit, fmt.Sprintf("Line limit %d lowered to %d, the most Loki returns per query.", q.Limit, MaxLimit)
	}
	return q.Limit, ""
}

// Step picks the resolution of a range query: the panel interval, widened so the range
// fits maxDataPoints and Prometheus' 11,000 points per series; at least one second.
func Step(tr backend.TimeRange, interval time.Duration, maxDataPoints int64) time.Duration {
	span := tr.To.Sub(tr.From)
	step := interval
	if maxDataPoints > 0 {
		if s := span / time.Duration(maxDataPoints); s > step {
			step = s
		}
	}
	if s := span / prometheus.MaxPoints; s > step {
		step = s
	}
	if step < time.Second {
		step = time.Second
	}
	return step.Round(time.Millisecond)
}

func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery) (resp backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			resp = backend.ErrorResponseWithErrorSource(errors.New(d.scrub(fmt.Sprintf("internal error running query %s: %v", dq.RefID, r))))
			resp.ErrorSource = backend.ErrorSourcePlugin
			resp.Status = backend.StatusInternal
		}
	}()
	q, err := ParseQuery(dq.JSON)
	if err != nil {
		return d.errorResponse(backend.StatusBadRequest, backend.ErrorSourceDownstream, err)
	}
	limit, notice := q.lineLimit()
	opts := frames.Options{RefID: dq.RefID, Limit: limit, Legend: q.Legend, Table: q.QueryType == QueryTypeTable}
	out, err := d.execute(ctx, q, dq, opts)
	if err != nil {
		return d.upstreamErrorResponse(err)
	}
	if notice != "" && len(out) > 0 {
		if out[0].Meta == nil {
			out[0].Meta = &data.FrameMeta{}
		}
		out[0].Meta.Notices = append(out[0].Meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: notice})
	}
	return backend.DataResponse{Frames: out}
}

var statsPipe = regexp.MustCompile(`\|\s*stats\b`)

// execute routes by language; a language that the configured log backend cannot run is
// an error, never a silently wrong query.
func (d *Datasource) execute(ctx context.Context, q Query, dq backend.DataQuery, opts frames.Options) (data.Frames, error) {
	tr := dq.TimeRange
	step := Step(tr, dq.Interval, dq.MaxDataPoints)
	// Table queries of metrics are instant, as in Grafana's Prometheus data source.
	instant := q.Instant || (q.QueryType == QueryTypeTable && q.Language == LanguagePromQL)
	switch q.Language {
	case LanguagePromQL:
		if d.prom == nil {
			return nil, d.notConfigured("Prometheus", "a PromQL query")
		}
		if instant {
			return convert(d.prom.Upstream(), opts, frames.APIResponse)(d.prom.Query(ctx, q.Expr, tr.To))
		}
		return convert(d.prom.Upstream(), opts, frames.APIResponse)(d.prom.QueryRange(ctx, q.Expr, tr.From, tr.To, step))
	case LanguageLogQL:
		if d.loki == nil {
			return nil, d.languageMismatch("LogQL", LogBackendLoki)
		}
		if instant {
			return convert(d.loki.Upstream(), opts, frames.APIResponse)(d.loki.Query(ctx, q.Expr, tr.To, opts.Limit))
		}
		return convert(d.loki.Upstream(), opts, frames.APIResponse)(d.loki.QueryRange(ctx, q.Expr, tr.From, tr.To, step, opts.Limit))
	default: // LogsQL
		if d.vlogs == nil {
			return nil, d.languageMismatch("LogsQL", LogBackendVictoriaLogs)
		}
		if q.QueryType == QueryTypeLogs || !statsPipe.MatchString(q.Expr) {
			if q.QueryType == QueryTypeMetric || q.QueryType == QueryTypeDetection {
				return nil, errors.New("a LogsQL metric query must end with a `| stats ...` pipe")
			}
			return convert(d.vlogs.Upstream(), opts, frames.VictoriaLogsLines)(d.vlogs.Query(ctx, q.Expr, tr.From, tr.To, opts.Limit))
		}
		if instant || q.QueryType == QueryTypeTable {
			return convert(d.vlogs.Upstream(), opts, frames.APIResponse)(d.vlogs.StatsQuery(ctx, q.Expr, tr.To))
		}
		return convert(d.vlogs.Upstream(), opts, frames.APIResponse)(d.vlogs.StatsQueryRange(ctx, q.Expr, tr.From, tr.To, step))
	}
}

type converter func(r *upstream.Response, err error) (data.Frames, error)

// convert streams an upstream response through a frame converter, naming the upstream
// in decoding errors.
func convert(up *upstream.Client, opts frames.Options, conv func(io.Reader, frames.Options) (data.Frames, error)) converter {
	return func(r *upstream.Response, err error) (data.Frames, error) {
		if err != nil {
			return nil, err
		}
		defer r.Close()
		out, err := conv(r.Body, opts)
		if err == nil {
			return out, nil
		}
		var qe *frames.QueryError
		if errors.As(err, &qe) {
			return nil, &upstream.Error{Upstream: up.Name(), Message: up.Redact(qe.Message)}
		}
		var ue *upstream.Error
		if errors.As(err, &ue) {
			return nil, ue
		}
		return nil, up.Malformed(err)
	}
}

func (d *Datasource) languageMismatch(lang, needs string) error {
	if d.settings.LogBackend == needs {
		return d.notConfigured(d.settings.LogUpstream().Name, "a "+lang+" query")
	}
	return fmt.Errorf("%s query, but this data source's log backend is %s: %s needs a %s log backend", lang, d.settings.LogBackend, lang, needs)
}

func (d *Datasource) notConfigured(name, what string) error {
	if msg, ok := d.setupErrors[name]; ok {
		return fmt.Errorf("cannot run %s: %s", what, msg)
	}
	return fmt.Errorf("cannot run %s: no %s URL is configured", what, name)
}

func (d *Datasource) upstreamErrorResponse(err error) backend.DataResponse {
	var ue *upstream.Error
	if errors.As(err, &ue) {
		return d.errorResponse(ue.ResponseStatus(), ue.Source(), err)
	}
	return d.errorResponse(backend.StatusBadRequest, backend.ErrorSourceDownstream, err)
}

func (d *Datasource) errorResponse(status backend.Status, source backend.ErrorSource, err error) backend.DataResponse {
	return backend.DataResponse{Error: errors.New(d.scrub(err.Error())), Status: status, ErrorSource: source}
}
