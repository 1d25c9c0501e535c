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
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	logs := NewLogsBuilder(opts.Limit)
	var table *tableBuilder
	if opts.Table {
		table = newTableBuilder()
	}
	lineNo := 0
	for !logs.Full() && scanner.Scan() {
		lineNo++
		line := bytes.TrimSpace(scanner.Bytes())
		if len(line) == 0 {
			continue
		}
		row := map[string]string{}
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, fmt.Errorf("malformed response: line %d: %w", lineNo, err)
		}
		ts, err := time.Parse(time.RFC3339Nano, row["_time"])
		if err != nil {
			return nil, fmt.Errorf("malformed response: line %d: _time %q: %w", lineNo, row["_time"], err)
		}
		body := row["_msg"]
		delete(row, "_msg")
		delete(row, "_time")
		delete(row, "_stream_id")
		labels, err := json.Marshal(row)
		if err != nil {
			return nil, err
		}
		if table != nil {
			table.addLog(ts, body, row)
		}
		logs.Add(ts, body, labels)
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	if table != nil {
		return data.Frames{table.frame(opts.RefID)}, nil
	}
	return data.Frames{logs.Frame(opts.RefID)}, nil
}
