package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/conventions"
	"github.com/vigil/k8ssecurity/pkg/upstream"
	"github.com/vigil/k8ssecurity/pkg/victorialogs"
)

// UpstreamHealth is the outcome of checking one upstream.
type UpstreamHealth struct {
	Name    string `json:"name"`
	URL     string `json:"url,omitempty"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// SourceHealth says whether the streams of one security source were found, and by which
// label. On VictoriaLogs it also says how the source's events are stored.
type SourceHealth struct {
	Found bool `json:"found"`
	// Evidence is the matchers of the stream selector found, LogQL-style:
	// `job="auditlog"`, `container="coredns", namespace="kube-system"`.
	Evidence string `json:"evidence,omitempty"`
	// Layout is the VictoriaLogs layout to read the source with, LayoutNative or
	// LayoutVerbatim: the configured one, else the detected one (for a mixed source, the
	// layout of most of its rows). Empty when neither is known, and on Loki.
	Layout string `json:"layout,omitempty"`
	// ConfiguredLayout is the source's entry in jsonData victoriaLogsLayout.
	ConfiguredLayout string `json:"configuredLayout,omitempty"`
	// DetectedLayout is native, verbatim or mixed, from the source's rows in the probe window.
	DetectedLayout string `json:"detectedLayout,omitempty"`
	// Rows counts the source's rows in the probe window, NativeRows those stored as fields.
	Rows       int64 `json:"rows,omitempty"`
	NativeRows int64 `json:"nativeRows,omitempty"`
	// Streams are the source's streams with the most rows, at most maxReportedStreams.
	Streams []victorialogs.StreamRows `json:"streams,omitempty"`
	// filter selects the source's rows in LogsQL: the evidence as a stream filter, plus the
	// source's line marker (netfilter's SRC=) for mixed streams such as journals.
	filter string
}

// HealthReport is CheckHealth's JSONDetails and the `health` resource's body.
type HealthReport struct {
	Version   string                  `json:"version"`
	Upstreams []UpstreamHealth        `json:"upstreams"`
	Sources   map[string]SourceHealth `json:"sources"`
	Problems  []string                `json:"problems,omitempty"`
	// Warnings do not stop queries but may make them miss events (a configured layout
	// the streams do not have).
	Warnings []string `json:"warnings,omitempty"`
}

// maxReportedStreams bounds the streams listed per source in the health details.
const maxReportedStreams = 20

// probeWindow is how far back CheckHealth looks for the sources' streams.
const probeWindow = 24 * time.Hour

// Health checks each configured upstream separately and looks for the four sources.
func (d *Datasource) Health(ctx context.Context) HealthReport {
	rep := HealthReport{Version: Version, Problems: d.settings.Problems(), Sources: map[string]SourceHealth{}}
	var wg sync.WaitGroup
	var logHealth, promHealth UpstreamHealth
	wg.Add(2)
	go func() {
		defer wg.Done()
		logHealth = d.checkLogBackend(ctx)
	}()
	go func() {
		defer wg.Done()
		promHealth = d.checkPrometheus(ctx)
	}()
	wg.Wait()
	rep.Upstreams = []UpstreamHealth{logHealth, promHealth}
	for _, id := range SourceIDs {
		rep.Sources[id] = SourceHealth{}
	}
	if logHealth.OK {
		d.probeSources(ctx, &rep)
		d.probeLayouts(ctx, &rep)
	}
	d.applyLayouts(&rep)
	for _, list := range [][]string{rep.Problems, rep.Warnings} {
		for i := range list {
			list[i] = d.scrub(list[i])
		}
	}
	return rep
}

func (d *Datasource) checkLogBackend(ctx context.Context) UpstreamHealth {
	cfg := d.settings.LogUpstream()
	h := UpstreamHealth{Name: cfg.Name, URL: redactedURL(cfg.BaseURL)}
	var err error
	switch {
	case d.loki != nil:
		err = d.loki.Ready(ctx)
	case d.vlogs != nil:
		err = d.vlogs.Ready(ctx)
	default:
		h.Message = d.notConfigured(cfg.Name, "log queries").Error()
		return h
	}
	return finishHealth(h, err, d.scrub)
}

func (d *Datasource) checkPrometheus(ctx context.Context) UpstreamHealth {
	h := UpstreamHealth{Name: "Prometheus", URL: redactedURL(d.settings.PrometheusURL)}
	if d.prom == nil {
		h.Message = d.notConfigured("Prometheus", "metric queries").Error()
		return h
	}
	return finishHealth(h, d.prom.Ready(ctx), d.scrub)
}

func finishHealth(h UpstreamHealth, err error, scrub func(string) string) UpstreamHealth {
	if err != nil {
		h.Message = scrub(err.Error())
		return h
	}
	h.OK = true
	h.Message = h.Name + " is reachable and answers queries"
	return h
}

// labelValueLookups bounds the label value lookups the health check runs at once.
const labelValueLookups = 4

// probeSources reads the stream label names once and the values of the labels the
// conventions read, then takes each source's best convention: the table the Configuration
// page's stream detection uses too (pkg/conventions, docs/dev/sources.md#stream-labels).
func (d *Datasource) probeSources(ctx context.Context, rep *HealthReport) {
	end := time.Now()
	start := end.Add(-probeWindow)
	names, err := d.streamLabelNames(ctx, start, end)
	if err != nil {
		rep.Problems = append(rep.Problems, "could not list log labels: "+d.scrub(err.Error()))
		return
	}
	present := map[string]bool{}
	for _, n := range names {
		present[n] = true
	}
	table := conventions.Default()
	values := map[string][]string{}
	failed := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, labelValueLookups)
	for _, label := range table.ValueLabels() {
		if !present[label] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			vals, err := d.streamLabelValues(ctx, label, start, end)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed[label] = d.scrub(err.Error())
				return
			}
			values[label] = vals
		}()
	}
	wg.Wait()
	for _, label := range table.ValueLabels() {
		if msg, ok := failed[label]; ok {
			rep.Problems = append(rep.Problems, fmt.Sprintf("could not list %s values: %s", label, msg))
		}
	}
	best := conventions.Best(table.Candidates(present, values))
	for _, id := range SourceIDs {
		if c, ok := best[id]; ok {
			rep.Sources[id] = SourceHealth{Found: true, Evidence: c.Evidence(), filter: c.LogsQL()}
		}
	}
}

// streamLabelNames lists the stream labels: Loki's labels, VictoriaLogs' stream fields (the
// labels of a Loki-API push), never fields parsed out of events.
func (d *Datasource) streamLabelNames(ctx context.Context, start, end time.Time) ([]string, error) {
	switch {
	case d.loki != nil:
		return d.loki.Labels(ctx, start, end)
	case d.vlogs != nil:
		return d.vlogs.StreamFieldNames(ctx, "*", start, end)
	}
	return nil, d.notConfigured(d.settings.LogUpstream().Name, "label lookups")
}

// streamLabelValues lists one stream label's values.
func (d *Datasource) streamLabelValues(ctx context.Context, label string, start, end time.Time) ([]string, error) {
	switch {
	case d.loki != nil:
		return d.loki.LabelValues(ctx, label, "", start, end)
	case d.vlogs != nil:
		return d.vlogs.StreamFieldValues(ctx, "*", label, start, end, 1000)
	}
	return nil, d.notConfigured(d.settings.LogUpstream().Name, "label lookups")
}

// probeLayouts finds, on VictoriaLogs, whether each found source's streams hold events
// as fields or lines in _msg: two counting queries per source (victorialogs.LayoutQueries),
// sources in parallel.
func (d *Datasource) probeLayouts(ctx context.Context, rep *HealthReport) {
	if d.vlogs == nil {
		return
	}
	end := time.Now()
	start := end.Add(-probeWindow)
	found := map[string]SourceHealth{}
	for id, src := range rep.Sources {
		if src.Found && src.filter != "" {
			found[id] = src
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var problems []string
	for id, src := range found {
		wg.Add(1)
		go func() {
			defer wg.Done()
			streams, err := d.vlogs.StreamLayouts(ctx, src.filter, start, end)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				problems = append(problems, fmt.Sprintf("could not detect how VictoriaLogs stores %s events: %s", id, d.scrub(err.Error())))
				return
			}
			for _, s := range streams {
				src.Rows += s.Rows
				src.NativeRows += s.NativeRows
			}
			src.DetectedLayout = victorialogs.LayoutOf(src.Rows, src.NativeRows)
			src.Streams = streams[:min(len(streams), maxReportedStreams)]
			rep.Sources[id] = src
		}()
	}
	wg.Wait()
	sort.Strings(problems)
	rep.Problems = append(rep.Problems, problems...)
}

// applyLayouts sets each source's layout on VictoriaLogs from the settings and the
// detection, and warns where they disagree.
func (d *Datasource) applyLayouts(rep *HealthReport) {
	if d.settings.LogBackend != LogBackendVictoriaLogs {
		return
	}
	for _, id := range SourceIDs {
		src := rep.Sources[id]
		src.ConfiguredLayout = d.settings.VictoriaLogsLayout[id]
		detected := src.DetectedLayout
		if detected == victorialogs.LayoutMixed {
			detected = LayoutVerbatim
			if 2*src.NativeRows >= src.Rows {
				detected = LayoutNative
			}
		}
		src.Layout = src.ConfiguredLayout
		if src.Layout == "" {
			src.Layout = detected
		}
		switch {
		case src.DetectedLayout == victorialogs.LayoutMixed:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s streams hold both layouts (%d of %d rows as fields); queries read them as %s", id, src.NativeRows, src.Rows, src.Layout))
		case src.ConfiguredLayout != "" && detected != "" && detected != src.ConfiguredLayout:
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s is set to the %s layout but its streams hold %s", id, src.ConfiguredLayout, layoutWords[detected]))
		}
		rep.Sources[id] = src
	}
}

// layoutWords describe layouts in messages.
var layoutWords = map[string]string{
	LayoutNative:   "events as fields (native)",
	LayoutVerbatim: "lines in _msg (verbatim)",
}

// CheckHealth reports each upstream and the sources found. It never returns a Go error:
// Grafana shows the message to the user, so the message must say what to fix.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	rep := d.Health(ctx)
	details, _ := json.Marshal(rep)
	status := backend.HealthStatusOk
	var parts []string
	if len(rep.Problems) > 0 {
		status = backend.HealthStatusError
		parts = append(parts, "Vigil is not fully configured: "+strings.Join(rep.Problems, "; ")+".")
	}
	for _, u := range rep.Upstreams {
		if !u.OK {
			status = backend.HealthStatusError
			parts = append(parts, u.Name+" failed: "+u.Message+".")
		} else {
			parts = append(parts, u.Name+" OK.")
		}
	}
	var found, missing []string
	for id, s := range rep.Sources {
		if s.Found {
			found = append(found, id)
		} else {
			missing = append(missing, id)
		}
	}
	sort.Strings(found)
	sort.Strings(missing)
	if len(found) > 0 {
		parts = append(parts, "Sources found: "+strings.Join(found, ", ")+".")
	}
	if len(missing) > 0 {
		parts = append(parts, "No streams found for: "+strings.Join(missing, ", ")+" (last 24h).")
	}
	if layouts := layoutSummary(rep); layouts != "" {
		parts = append(parts, "VictoriaLogs layouts: "+layouts+".")
	}
	for _, w := range rep.Warnings {
		parts = append(parts, "Warning: "+w+".")
	}
	return &backend.CheckHealthResult{Status: status, Message: d.scrub(strings.Join(parts, " ")), JSONDetails: details}, nil
}

// layoutSummary lists the sources with a known layout: "audit native (detected), …".
func layoutSummary(rep HealthReport) string {
	var out []string
	for _, id := range SourceIDs {
		src := rep.Sources[id]
		switch {
		case src.Layout == "":
		case src.ConfiguredLayout != "":
			out = append(out, id+" "+src.Layout+" (set)")
		default:
			out = append(out, id+" "+src.Layout+" (detected)")
		}
	}
	return strings.Join(out, ", ")
}

func redactedURL(raw string) string {
	if raw == "" {
		return ""
	}
	return upstream.RedactURL(raw)
}
