package frames

import (
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Series is one labelled metric series (a single sample for vectors and scalars).
type Series struct {
	Labels  map[string]string `json:"metric"`
	Samples []sample          `json:"values"`
	Value   *sample           `json:"value"`
}

func decodeSeries(resultType string, raw []byte) ([]Series, error) {
	if resultType == ResultScalar {
		var smp sample
		if err := json.Unmarshal(raw, &smp); err != nil {
			return nil, err
		}
		return []Series{{Labels: map[string]string{}, Samples: []sample{smp}}}, nil
	}
	var out []Series
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Value != nil {
			out[i].Samples = []sample{*out[i].Value}
			out[i].Value = nil
		}
	}
	return out, nil
}

// SeriesFrames builds dataplane frames: matrix → timeseries-multi (one frame per series,
// labels on the value field), vector/scalar → numeric-multi (one single-row frame per
// series, which Grafana alert conditions threshold per label set), or one table.
func SeriesFrames(resultType string, series []Series, opts Options) data.Frames {
	sort.SliceStable(series, func(i, j int) bool { return labelKey(series[i].Labels) < labelKey(series[j].Labels) })
	if opts.Table {
		t := newTableBuilder()
		for _, s := range series {
			for _, p := range s.Samples {
				t.addSample(p.T, p.V, s.Labels)
			}
		}
		return data.Frames{t.frame(opts.RefID)}
	}
	out := make(data.Frames, 0, len(series))
	for _, s := range series {
		name := s.Labels["__name__"]
		labels := data.Labels{}
		for k, v := range s.Labels {
			if k != "__name__" {
				labels[k] = v
			}
		}
		var frame *data.Frame
		if resultType == ResultMatrix {
			times := make([]time.Time, len(s.Samples))
			values := make([]float64, len(s.Samples))
			for i, p := range s.Samples {
				times[i], values[i] = p.T, p.V
			}
			frame = data.NewFrame(name, data.NewField(data.TimeSeriesTimeFieldName, nil, times),
				data.NewField(data.TimeSeriesValueFieldName, labels, values))
			frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		} else {
			v := math.NaN()
			if len(s.Samples) > 0 {
				v = s.Samples[0].V
			}
			frame = data.NewFrame(name, data.NewField(data.TimeSeriesValueFieldName, labels, []float64{v}))
			frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		}
		frame.RefID = opts.RefID
		if opts.Legend != "" {
			frame.Fields[len(frame.Fields)-1].Config = &data.FieldConfig{DisplayNameFromDS: FormatLegend(opts.Legend, s.Labels)}
		}
		out = append(out, frame)
	}
	if len(out) == 0 {
		// An empty typed frame tells Grafana "no data" rather than "no response".
		typ := data.FrameTypeNumericMulti
		if resultType == ResultMatrix {
			typ = data.FrameTypeTimeSeriesMulti
		}
		empty := data.NewFrame("")
		empty.RefID = opts.RefID
		empty.Meta = &data.FrameMeta{Type: typ, TypeVersion: data.FrameTypeVersion{0, 1}}
		out = append(out, empty)
	}
	return out
}

var legendPattern = regexp.MustCompile(`\{\{\s*(.+?)\s*\}\}`)

// FormatLegend replaces each `{{label}}` with the series' value for it (empty if absent),
// as Grafana's Prometheus and Loki data sources do.
func FormatLegend(legend string, labels map[string]string) string {
	return legendPattern.ReplaceAllStringFunc(legend, func(m string) string {
		return labels[legendPattern.FindStringSubmatch(m)[1]]
	})
}

func labelKey(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(labels[k])
		b.WriteByte(',')
	}
	return b.String()
}
