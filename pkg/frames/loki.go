package frames

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// APIResponse converts a Loki, Prometheus or VictoriaLogs stats response: streams become
// a log-lines frame, matrix timeseries-multi frames, vector and scalar numeric-multi
// frames, or table frames when opts.Table is set.
func APIResponse(r io.Reader, opts Options) (data.Frames, error) {
	body, release, err := readCapped(r)
	if err != nil {
		return nil, err
	}
	defer release()
	var out data.Frames
	err = walkAPIResponse(body, func(resultType string, s *scanner) error {
		var err error
		switch resultType {
		case ResultStreams:
			out, err = lokiStreams(s, opts)
		case ResultMatrix, ResultVector, ResultScalar:
			var raw []byte
			if raw, err = s.value(); err != nil {
				return err
			}
			var series []Series
			if series, err = decodeSeries(resultType, raw); err == nil {
				out = SeriesFrames(resultType, series, opts)
			}
		default:
			return fmt.Errorf("unsupported result type %q", resultType)
		}
		return err
	})
	return out, err
}

// lokiStreams reads `[{"stream":{...},"values":[["<ns>","<line>"(,{...})?],...]},...]`.
func lokiStreams(s *scanner, opts Options) (data.Frames, error) {
	logs := NewLogsBuilder(opts.Limit)
	var table *tableBuilder
	if opts.Table {
		table = newTableBuilder()
	}
	if s.peek() == 'n' { // null: no streams
		return data.Frames{logs.Frame(opts.RefID)}, s.skip()
	}
	if err := s.expect('['); err != nil {
		return nil, err
	}
	for first := true; ; {
		more, err := s.more(']', &first)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		if err := lokiStream(s, logs, table); err != nil {
			return nil, err
		}
	}
	if table != nil {
		return data.Frames{table.frame(opts.RefID)}, nil
	}
	return data.Frames{logs.Frame(opts.RefID)}, nil
}

func lokiStream(s *scanner, logs *LogsBuilder, table *tableBuilder) error {
	var labels map[string]string
	var labelsJSON json.RawMessage
	valuesAt := -1
	err := s.object(func(key string, _ int) (err error) {
		switch {
		case key == "stream":
			raw, err := s.value()
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &labels); err != nil {
				return fmt.Errorf("stream labels: %w", err)
			}
			labelsJSON, err = json.Marshal(labels)
			return err
		case key == "values" && labels != nil:
			return lokiValues(s, labels, labelsJSON, logs, table)
		case key == "values":
			s.ws()
			valuesAt = s.i
			return s.skip()
		default:
			return s.skip()
		}
	})
	if err != nil {
		return err
	}
	if valuesAt >= 0 {
		if labelsJSON == nil {
			labelsJSON = json.RawMessage("{}")
		}
		return lokiValues(&scanner{b: s.b, i: valuesAt}, labels, labelsJSON, logs, table)
	}
	return nil
}

func lokiValues(s *scanner, labels map[string]string, labelsJSON json.RawMessage, logs *LogsBuilder, table *tableBuilder) error {
	if err := s.expect('['); err != nil {
		return err
	}
	for first := true; ; {
		more, err := s.more(']', &first)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		if err := s.expect('['); err != nil {
			return err
		}
		rawTS, err := s.rawString()
		if err != nil {
			return err
		}
		ns, ok := parseDigits(rawTS)
		if !ok {
			return fmt.Errorf("log timestamp %q is not integer nanoseconds", rawTS)
		}
		if err := s.expect(','); err != nil {
			return err
		}
		if logs.Full() {
			// Past the page: count the line without decoding it.
			if err := s.skip(); err != nil {
				return err
			}
			logs.Add(time.Time{}, "", nil)
		} else {
			line, err := s.str()
			if err != nil {
				return err
			}
			ts := time.Unix(0, ns).UTC()
			if table != nil {
				table.addLog(ts, line, labels)
			}
			logs.Add(ts, line, labelsJSON)
		}
		// Skip a third element (categorized labels) if present.
		for s.peek() == ',' {
			s.i++
			if err := s.skip(); err != nil {
				return err
			}
		}
		if err := s.expect(']'); err != nil {
			return err
		}
	}
}

// parseDigits parses a non-negative decimal integer without allocating.
func parseDigits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
