package frames

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// lokiStream is one element of a "streams" result. Extra array items in an entry
// (categorized labels) are ignored by the [2]string decoding.
type lokiStream struct {
	Stream map[string]string `json:"stream"`
	Values [][2]string       `json:"values"`
}

// APIResponse converts a Loki, Prometheus or VictoriaLogs stats response: streams become
// a log-lines frame, matrix timeseries-multi frames, vector and scalar numeric-multi
// frames, or table frames when opts.Table is set.
func APIResponse(r io.Reader, opts Options) (data.Frames, error) {
	var out data.Frames
	err := walkAPIResponse(r, func(resultType string, dec *json.Decoder) error {
		var err error
		switch resultType {
		case ResultStreams:
			out, err = lokiStreams(dec, opts)
		case ResultMatrix, ResultVector, ResultScalar:
			var series []Series
			series, err = decodeSeries(resultType, dec)
			if err == nil {
				out = SeriesFrames(resultType, series, opts)
			}
		default:
			return fmt.Errorf("unsupported result type %q", resultType)
		}
		return err
	})
	return out, err
}

func lokiStreams(dec *json.Decoder, opts Options) (data.Frames, error) {
	logs := NewLogsBuilder(opts.Limit)
	var table *tableBuilder
	if opts.Table {
		table = newTableBuilder()
	}
	err := forEachElement(dec, func() error {
		var s lokiStream
		if err := dec.Decode(&s); err != nil {
			return malformed(err)
		}
		labels, err := json.Marshal(s.Stream)
		if err != nil {
			return err
		}
		for _, v := range s.Values {
			ns, err := strconv.ParseInt(v[0], 10, 64)
			if err != nil {
				return fmt.Errorf("malformed response: log timestamp %q: %w", v[0], err)
			}
			ts := time.Unix(0, ns).UTC()
			if table != nil && !logs.Full() {
				table.addLog(ts, v[1], s.Stream)
			}
			logs.Add(ts, v[1], labels)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if table != nil {
		return data.Frames{table.frame(opts.RefID)}, nil
	}
	return data.Frames{logs.Frame(opts.RefID)}, nil
}
