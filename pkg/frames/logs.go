// Package frames turns upstream responses into Grafana data frames that follow the
// dataplane contract. Decoders read the response incrementally and keep only the rows of
// the page being built, so memory follows the page size, not the response size.
package frames

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Options control one conversion.
type Options struct {
	RefID string
	// Limit caps the number of log lines; extra lines are counted, not kept.
	Limit int
	// Legend is a `{{label}}` template for series names.
	Legend string
	// Table asks for table frames instead of logs or time series frames.
	Table bool
}

// LogsBuilder collects log lines into a dataplane log-lines frame: timestamp, body,
// severity-free labels (JSON) and a stable id.
type LogsBuilder struct {
	limit   int
	times   []time.Time
	bodies  []string
	labels  []json.RawMessage
	ids     []string
	dropped int
}

// NewLogsBuilder returns a builder keeping at most limit lines (limit > 0).
func NewLogsBuilder(limit int) *LogsBuilder {
	// A page is at most Loki's 5,000 lines in practice: size for it at once (a few hundred
	// KiB of slice headers) rather than growing; larger limits grow from there.
	hint := limit
	if hint > 5000 {
		hint = 5000
	}
	return &LogsBuilder{
		limit:  limit,
		times:  make([]time.Time, 0, hint),
		bodies: make([]string, 0, hint),
		labels: make([]json.RawMessage, 0, hint),
		ids:    make([]string, 0, hint),
	}
}

// Full reports whether the page limit is reached.
func (b *LogsBuilder) Full() bool { return len(b.times) >= b.limit }

// Len is the number of lines kept.
func (b *LogsBuilder) Len() int { return len(b.times) }

// Dropped is the number of lines offered after the page was full.
func (b *LogsBuilder) Dropped() int { return b.dropped }

// Add appends a line; labels may be shared between the lines of one stream.
func (b *LogsBuilder) Add(ts time.Time, body string, labels json.RawMessage) {
	if b.Full() {
		b.dropped++
		return
	}
	b.times = append(b.times, ts)
	b.bodies = append(b.bodies, body)
	b.labels = append(b.labels, labels)
	b.ids = append(b.ids, lineID(ts, labels, body))
}

// lineID is unique per (time, stream, line) and stable across refreshes, as Explore
// uses it to de-duplicate and to keep a row selected.
func lineID(ts time.Time, labels json.RawMessage, body string) string {
	h := xxhash.New()
	_, _ = h.Write(labels)
	_, _ = h.WriteString(body)
	buf := make([]byte, 0, 40)
	buf = strconv.AppendInt(buf, ts.UnixNano(), 10)
	buf = append(buf, '_')
	buf = strconv.AppendUint(buf, h.Sum64(), 16)
	return string(buf)
}

// Frame returns the lines newest first as a log-lines frame.
func (b *LogsBuilder) Frame(refID string) *data.Frame {
	b.sortNewestFirst()
	frame := data.NewFrame("",
		data.NewField("timestamp", nil, b.times),
		data.NewField("body", nil, b.bodies),
		data.NewField("labels", nil, b.labels),
		data.NewField("id", nil, b.ids),
	)
	frame.RefID = refID
	frame.Meta = &data.FrameMeta{
		Type:                   data.FrameTypeLogLines,
		TypeVersion:            data.FrameTypeVersion{0, 0},
		PreferredVisualization: data.VisTypeLogs,
	}
	if b.dropped > 0 {
		frame.Meta.Notices = append(frame.Meta.Notices, data.Notice{
			Severity: data.NoticeSeverityInfo,
			Text:     "Showing the first " + strconv.Itoa(b.limit) + " lines; raise the query's line limit or narrow the time range to see more.",
		})
	}
	return frame
}

// sortNewestFirst orders rows by time, newest first, keeping arrival order for ties.
// It sorts a permutation once and applies it, instead of swapping four slices per step.
func (b *LogsBuilder) sortNewestFirst() {
	n := len(b.times)
	if slices.IsSortedFunc(b.times, func(x, y time.Time) int { return y.Compare(x) }) {
		return
	}
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(i, j int32) int {
		if c := b.times[j].Compare(b.times[i]); c != 0 {
			return c
		}
		return int(i - j)
	})
	b.times = permute(b.times, perm)
	b.bodies = permute(b.bodies, perm)
	b.labels = permute(b.labels, perm)
	b.ids = permute(b.ids, perm)
}

func permute[T any](in []T, perm []int32) []T {
	out := make([]T, len(in))
	for i, p := range perm {
		out[i] = in[p]
	}
	return out
}
