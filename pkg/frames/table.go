package frames

import (
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// tableBuilder collects rows with varying label sets into one table frame: a time
// column, one string column per label name (sorted), then the value or the log line.
type tableBuilder struct {
	times  []time.Time
	labels []map[string]string
	values []float64
	bodies []string
	isLogs bool
}

func newTableBuilder() *tableBuilder { return &tableBuilder{} }

func (t *tableBuilder) addSample(ts time.Time, v float64, labels map[string]string) {
	t.times = append(t.times, ts)
	t.labels = append(t.labels, labels)
	t.values = append(t.values, v)
}

func (t *tableBuilder) addLog(ts time.Time, body string, labels map[string]string) {
	t.isLogs = true
	t.times = append(t.times, ts)
	t.labels = append(t.labels, labels)
	t.bodies = append(t.bodies, body)
}

func (t *tableBuilder) frame(refID string) *data.Frame {
	names := map[string]bool{}
	for _, l := range t.labels {
		for k := range l {
			names[k] = true
		}
	}
	cols := make([]string, 0, len(names))
	for k := range names {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	fields := []*data.Field{data.NewField("Time", nil, t.times)}
	for _, name := range cols {
		vals := make([]string, len(t.labels))
		for i, l := range t.labels {
			vals[i] = l[name]
		}
		fields = append(fields, data.NewField(name, nil, vals))
	}
	if t.isLogs {
		fields = append(fields, data.NewField("Line", nil, t.bodies))
	} else {
		fields = append(fields, data.NewField("Value", nil, t.values))
	}
	frame := data.NewFrame("", fields...)
	frame.RefID = refID
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return frame
}
