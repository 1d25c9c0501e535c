package frames

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// maxLineBytes bounds one JSON line from VictoriaLogs (its own default max line is 256 KiB).
const maxLineBytes = 8 << 20

// VictoriaLogsLines converts the JSON Lines of /select/logsql/query into a log-lines frame
// (or a table). It reads one line at a time and stops reading at opts.Limit, so memory is
// bounded by the page. Every field other than _msg, _time and _stream_id becomes a label.
func VictoriaLogsLines(r io.Reader, opts Options) (data.Frames, error) {
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	var lastLabels json.RawMessage
	logs := NewLogsBuilder(opts.Limit)
	var table *tableBuilder
	if opts.Table {
		table = newTableBuilder()
	}
	var labelBuf []byte
	lineNo := 0
	for !logs.Full() && lines.Scan() {
		lineNo++
		line := bytes.TrimSpace(lines.Bytes())
		if len(line) == 0 {
			continue
		}
		row, err := parseVictoriaLogsRow(line, labelBuf[:0], table != nil)
		if err != nil {
			return nil, fmt.Errorf("malformed response: line %d: %w", lineNo, err)
		}
		labelBuf = row.labels
		ts, err := time.Parse(time.RFC3339Nano, row.time)
		if err != nil {
			return nil, fmt.Errorf("malformed response: line %d: _time %q: %w", lineNo, row.time, err)
		}
		if table != nil {
			table.addLog(ts, row.msg, row.fields)
		}
		// The builder keeps the labels, so they need their own copy of the reused buffer.
		logs.Add(ts, row.msg, internLabels(&lastLabels, row.labels))
	}
	if err := lines.Err(); err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	if table != nil {
		return data.Frames{table.frame(opts.RefID)}, nil
	}
	return data.Frames{logs.Frame(opts.RefID)}, nil
}

// victoriaLogsRow is one decoded JSON line.
type victoriaLogsRow struct {
	msg, time string
	// labels is a JSON object of every other field except _stream_id, copied from the
	// line's own (already escaped) bytes.
	labels []byte
	// fields is the same as a map, only built for tables.
	fields map[string]string
}

// parseVictoriaLogsRow reads a flat object of string fields.
func parseVictoriaLogsRow(line, labelBuf []byte, wantFields bool) (victoriaLogsRow, error) {
	row := victoriaLogsRow{labels: append(labelBuf, '{')}
	if wantFields {
		row.fields = map[string]string{}
	}
	s := &scanner{b: line}
	err := s.object(func(key string, keyStart int) (err error) {
		keyEnd := s.i
		switch key {
		case "_msg":
			row.msg, err = s.str()
		case "_time":
			row.time, err = s.str()
		case "_stream_id":
			err = s.skip()
		default:
			s.ws()
			valStart := s.i
			if err = s.skip(); err != nil {
				return err
			}
			if len(row.labels) > 1 {
				row.labels = append(row.labels, ',')
			}
			row.labels = append(row.labels, line[keyStart:keyEnd]...)
			row.labels = append(row.labels, line[valStart:s.i]...)
			if wantFields {
				v, err := (&scanner{b: line, i: valStart}).str()
				if err != nil {
					return err
				}
				row.fields[key] = v
			}
		}
		return err
	})
	if err != nil {
		return row, err
	}
	row.labels = append(row.labels, '}')
	return row, nil
}

// internLabels returns a copy of labels, reusing the previous line's copy when equal:
// rows of one stream usually carry the same fields.
func internLabels(last *json.RawMessage, labels []byte) json.RawMessage {
	if *last != nil && bytes.Equal(*last, labels) {
		return *last
	}
	*last = append(json.RawMessage(nil), labels...)
	return *last
}
