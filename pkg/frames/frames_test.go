package frames

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Response shapes below are written from Loki's HTTP API documentation (query_range and
// query examples) and Prometheus' API documentation.
const lokiStreamsDoc = `{
  "status": "success",
  "data": {
    "resultType": "streams",
    "result": [
      {"stream": {"filename": "/var/log/myproject.log", "job": "varlogs", "level": "info"},
       "values": [["1569266497240578000", "foo"], ["1569266492548155000", "bar"]]},
      {"stream": {"job": "auditlog"},
       "values": [["1569266495000000000", "baz", {"structuredMetadata": {"trace_id": "x"}}]]}
    ],
    "stats": {"summary": {"bytesProcessedPerSecond": 1}}
  }
}`

const lokiMatrixDoc = `{
  "status": "success",
  "data": {
    "resultType": "matrix",
    "result": [
      {"metric": {"level": "info"}, "values": [[1588889221, "137.95"], [1588889221.5, "467.11"]]},
      {"metric": {"level": "warn"}, "values": [[1588889221, "3"]]}
    ]
  }
}`

const promVectorDoc = `{"status":"success","data":{"resultType":"vector","result":[
  {"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"value":[1435781451.781,"1"]},
  {"metric":{"__name__":"up","job":"node","instance":"localhost:9100"},"value":[1435781451.781,"0"]}]}}`

func TestLokiStreamsBecomeALogLinesFrame(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(lokiStreamsDoc), Options{RefID: "A", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 1 {
		t.Fatalf("want one frame, got %d", len(frames))
	}
	f := frames[0]
	if f.Meta.Type != data.FrameTypeLogLines || f.Meta.PreferredVisualization != data.VisTypeLogs || f.RefID != "A" {
		t.Fatalf("meta %+v refId %q", f.Meta, f.RefID)
	}
	wantFields := []struct {
		name string
		typ  data.FieldType
	}{{"timestamp", data.FieldTypeTime}, {"body", data.FieldTypeString}, {"labels", data.FieldTypeJSON}, {"id", data.FieldTypeString}}
	for i, w := range wantFields {
		if f.Fields[i].Name != w.name || f.Fields[i].Type() != w.typ {
			t.Errorf("field %d: %s %s, want %s %s", i, f.Fields[i].Name, f.Fields[i].Type(), w.name, w.typ)
		}
	}
	bodies := []string{}
	for i := 0; i < f.Rows(); i++ {
		bodies = append(bodies, f.Fields[1].At(i).(string))
	}
	if strings.Join(bodies, ",") != "foo,baz,bar" {
		t.Fatalf("want newest first across streams, got %v", bodies)
	}
	var labels map[string]string
	if err := json.Unmarshal(f.Fields[2].At(1).(json.RawMessage), &labels); err != nil || labels["job"] != "auditlog" {
		t.Fatalf("labels of baz: %v %v", labels, err)
	}
	if got := f.Fields[0].At(0).(time.Time); got.UnixNano() != 1569266497240578000 {
		t.Fatalf("nanosecond timestamp lost: %v", got)
	}
	if f.Fields[3].At(0) == f.Fields[3].At(2) {
		t.Fatal("ids must differ between lines")
	}
}

func TestLogLimitKeepsThePageAndSaysSo(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(lokiStreamsDoc), Options{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	f := frames[0]
	if f.Rows() != 2 || len(f.Meta.Notices) != 1 || !strings.Contains(f.Meta.Notices[0].Text, "first 2 lines") {
		t.Fatalf("rows %d notices %+v", f.Rows(), f.Meta.Notices)
	}
}

func TestMatrixBecomesTimeseriesMulti(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(lokiMatrixDoc), Options{RefID: "B", Legend: "level={{level}} {{ missing }}!"})
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 2 {
		t.Fatalf("want a frame per series, got %d", len(frames))
	}
	f := frames[0]
	if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Fields[0].Type() != data.FieldTypeTime || f.Fields[1].Type() != data.FieldTypeFloat64 {
		t.Fatalf("unexpected frame %+v", f)
	}
	if f.Fields[1].Labels["level"] != "info" || f.Fields[1].Config.DisplayNameFromDS != "level=info !" {
		t.Fatalf("labels %v legend %q", f.Fields[1].Labels, f.Fields[1].Config.DisplayNameFromDS)
	}
	if v := f.Fields[1].At(1).(float64); v != 467.11 {
		t.Fatalf("value %v", v)
	}
	if ts := f.Fields[0].At(1).(time.Time); ts.UnixMilli() != 1588889221500 {
		t.Fatalf("fractional seconds lost: %v", ts)
	}
}

func TestVectorBecomesNumericMultiForAlerting(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(promVectorDoc), Options{RefID: "C"})
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 2 {
		t.Fatalf("frames %d", len(frames))
	}
	for _, f := range frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 || f.Rows() != 1 || f.Name != "up" {
			t.Fatalf("not numeric-multi: %+v", f)
		}
		if _, ok := f.Fields[0].Labels["__name__"]; ok {
			t.Fatal("__name__ belongs in the frame name, not the labels")
		}
	}
	if frames[1].Fields[0].Labels["job"] != "node" || frames[1].Fields[0].At(0).(float64) != 0 || frames[0].Fields[0].At(0).(float64) != 1 {
		t.Fatalf("series sorted by labels with their values: %+v", frames[0].Fields[0])
	}
}

func TestTableMode(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(promVectorDoc), Options{Table: true})
	if err != nil {
		t.Fatal(err)
	}
	f := frames[0]
	names := []string{}
	for _, fl := range f.Fields {
		names = append(names, fl.Name)
	}
	if strings.Join(names, ",") != "Time,__name__,instance,job,Value" || f.Rows() != 2 {
		t.Fatalf("columns %v rows %d", names, f.Rows())
	}
	logs, err := APIResponse(strings.NewReader(lokiStreamsDoc), Options{Table: true, Limit: 10})
	if err != nil || logs[0].Rows() != 3 || logs[0].Fields[len(logs[0].Fields)-1].Name != "Line" {
		t.Fatalf("log table: %v %+v", err, logs)
	}
}

func TestSpecialValuesAndEmptyResults(t *testing.T) {
	frames, err := APIResponse(strings.NewReader(`{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]},{"metric":{"a":"b"},"value":[1,"+Inf"]}]}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(frames[0].Fields[0].At(0).(float64)) || !math.IsInf(frames[1].Fields[0].At(0).(float64), 1) {
		t.Fatal("NaN/Inf not decoded")
	}
	for _, body := range []string{
		`{"status":"success","data":{"resultType":"matrix","result":null}}`,
		`{"status":"success","data":{"result":[],"resultType":"matrix"}}`,
	} {
		frames, err := APIResponse(strings.NewReader(body), Options{RefID: "Z"})
		if err != nil || len(frames) != 1 || frames[0].Meta.Type != data.FrameTypeTimeSeriesMulti || frames[0].Rows() != 0 {
			t.Fatalf("%s: %v %+v", body, err, frames)
		}
	}
}

func TestMalformedAndErrorResponses(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"truncated", `{"status":"success","data":{"resultType":"streams","result":[{"stream":{}`, "malformed response"},
		{"not json", `<html>proxy error</html>`, "malformed response"},
		{"bad timestamp", `{"data":{"resultType":"streams","result":[{"stream":{},"values":[["yesterday","x"]]}]}}`, `log timestamp "yesterday"`},
		{"bad sample", `{"data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"abc"]]}]}}`, "sample value"},
		{"unknown type", `{"data":{"resultType":"table","result":[]}}`, `unsupported result type "table"`},
		{"error in body", `{"status":"error","errorType":"bad_data","error":"parse error at char 3"}`, "parse error at char 3"},
		{"no data", `{"status":"success"}`, "no data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := APIResponse(strings.NewReader(c.body), Options{Limit: 10})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want error containing %q, got %v", c.want, err)
			}
		})
	}
	var qe *QueryError
	_, err := APIResponse(strings.NewReader(cases[5].body), Options{})
	if !errors.As(err, &qe) {
		t.Fatalf("an upstream-reported error should be a QueryError: %T", err)
	}
}

func TestVictoriaLogsLines(t *testing.T) {
	body := `{"_msg":"first","_stream":"{job=\"auditlog\"}","_stream_id":"00","_time":"2024-01-01T00:00:01.5Z","job":"auditlog","verb":"get"}
{"_msg":"second","_stream":"{job=\"auditlog\"}","_stream_id":"00","_time":"2024-01-01T00:00:03Z","job":"auditlog"}

{"_msg":"third","_stream":"{}","_time":"2024-01-01T00:00:02Z"}
this line is never read because the limit stops the reader first`
	frames, err := VictoriaLogsLines(strings.NewReader(body), Options{RefID: "V", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	f := frames[0]
	if f.Rows() != 3 || f.Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("rows %d meta %+v", f.Rows(), f.Meta)
	}
	if f.Fields[1].At(0) != "second" || f.Fields[1].At(2) != "first" {
		t.Fatal("not newest first")
	}
	var labels map[string]string
	_ = json.Unmarshal(f.Fields[2].At(2).(json.RawMessage), &labels)
	if labels["verb"] != "get" || labels["_stream"] == "" || labels["_msg"] != "" || labels["_stream_id"] != "" {
		t.Fatalf("labels %v", labels)
	}
	if _, err := VictoriaLogsLines(strings.NewReader("{\"_msg\":\"x\",\"_time\":\"2024-01-01T00:00:00Z\"}\n{broken\n"), Options{Limit: 5}); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("malformed line should name its number: %v", err)
	}
}

func TestFormatLegend(t *testing.T) {
	cases := []struct{ legend, want string }{
		{"{{job}}", "auditlog"},
		{"{{ job }}/{{verb}}", "auditlog/get"},
		{"{{nope}}-x", "-x"},
		{"plain", "plain"},
	}
	for _, c := range cases {
		if got := FormatLegend(c.legend, map[string]string{"job": "auditlog", "verb": "get"}); got != c.want {
			t.Errorf("%q: got %q want %q", c.legend, got, c.want)
		}
	}
}

// The response body is read into a pooled buffer that the next response overwrites: frames
// must own every byte they keep (bodies, labels, ids), escaped lines included.
func TestFramesOutliveThePooledBody(t *testing.T) {
	doc := func(line string) string {
		return `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"auditlog"},"values":[["1700000000000000000",` + strconv.Quote(line) + `],["1700000000000000001","plain line"]]}]}}`
	}
	first := `{"verb":"create","note":"tab\there"}`
	frames, err := APIResponse(strings.NewReader(doc(first)), Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := frames[0].MarshalJSON()
	for i := 0; i < 20; i++ {
		if _, err := APIResponse(strings.NewReader(doc(strings.Repeat("x", len(first)))), Options{Limit: 10}); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := frames[0].MarshalJSON()
	if string(before) != string(after) {
		t.Fatalf("frame changed after later responses:\n%s\n%s", before, after)
	}
	if got := frames[0].Fields[1].At(1).(string); got != first { // newest first
		t.Fatalf("body %q, want %q", got, first)
	}
}
