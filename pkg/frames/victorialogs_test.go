package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// placeholder is the _msg VictoriaLogs returns for rows stored without a message.
const placeholder = "missing _msg field; see https://docs.victoriametrics.com/victorialogs/keyconcepts/#message-field"

func TestVictoriaLogsRowLayouts(t *testing.T) {
	const ts = `"_time":"2024-01-01T00:00:00Z"`
	cases := []struct {
		name, row, body, labels string
	}{
		{
			name:   "line kept in _msg: body is the line, labels every other field",
			row:    `{"_msg":"{\"verb\":\"get\"}","_stream":"{job=\"auditlog\"}","_stream_id":"00",` + ts + `,"f_verb":"get","job":"auditlog","verb":"get"}`,
			body:   `{"verb":"get"}`,
			labels: `{"_stream":"{job=\"auditlog\"}","f_verb":"get","job":"auditlog","verb":"get"}`,
		},
		{
			// A row as VictoriaLogs returned it for an audit line pushed with its defaults.
			name: "placeholder _msg: body rebuilt from the event fields, in row order",
			row: `{"_msg":"` + placeholder + `","_stream":"{job=\"auditlog\"}","_stream_id":"0000000000000000f8ce27fcd33f06bda88b6647a09166d7",` + ts +
				`,"annotations.authorization.k8s.io/decision":"allow","job":"auditlog","kind":"Event","objectRef.resource":"pods",` +
				`"requestObject.spec.containers":"[{\"name\":\"c\",\"image\":\"nginx\"}]","responseStatus.code":"201","sourceIPs":"[\"10.0.0.1\"]","verb":"create"}`,
			body: `{"annotations.authorization.k8s.io/decision":"allow","kind":"Event","objectRef.resource":"pods",` +
				`"requestObject.spec.containers":"[{\"name\":\"c\",\"image\":\"nginx\"}]","responseStatus.code":"201","sourceIPs":"[\"10.0.0.1\"]","verb":"create"}`,
			labels: `{"_stream":"{job=\"auditlog\"}","job":"auditlog"}`,
		},
		{
			name:   "no _msg at all: rebuilt the same way",
			row:    `{"_stream":"{job=\"falco\"}",` + ts + `,"job":"falco","output":"shell","priority":"Notice"}`,
			body:   `{"output":"shell","priority":"Notice"}`,
			labels: `{"_stream":"{job=\"falco\"}","job":"falco"}`,
		},
		{
			// falcosidekick's labels are Falco's own keys; VictoriaLogs often keeps the label's copy only.
			name: "Falco keys held only as stream labels go back into the body too",
			row: `{"_msg":"` + placeholder + `","_stream":"{priority=\"Notice\",rule=\"Shell\",tags=\"a,b\",k8s_ns_name=\"shop\"}",` + ts +
				`,"k8s_ns_name":"shop","output":"shell","priority":"Notice","rule":"Shell","tags":"a,b"}`,
			body:   `{"output":"shell","priority":"Notice","rule":"Shell","tags":"a,b"}`,
			labels: `{"_stream":"{priority=\"Notice\",rule=\"Shell\",tags=\"a,b\",k8s_ns_name=\"shop\"}","k8s_ns_name":"shop","priority":"Notice","rule":"Shell","tags":"a,b"}`,
		},
		{
			name: "a Falco key with its own copy in the row is not doubled",
			row: `{"_msg":"` + placeholder + `","_stream":"{rule=\"Shell\"}",` + ts +
				`,"output":"shell","rule":"Shell","rule":"Shell"}`,
			body:   `{"output":"shell","rule":"Shell"}`,
			labels: `{"_stream":"{rule=\"Shell\"}","rule":"Shell"}`,
		},
		{
			name:   "f_* fields extracted by compiled queries stay labels",
			row:    `{"_msg":"` + placeholder + `","_stream":"{job=\"auditlog\"}",` + ts + `,"f_objectRef.resource":"pods","f_verb":"get","job":"auditlog","verb":"get"}`,
			body:   `{"verb":"get"}`,
			labels: `{"_stream":"{job=\"auditlog\"}","f_objectRef.resource":"pods","f_verb":"get","job":"auditlog"}`,
		},
		{
			// The pod value holds what looks like another label; only real label names count.
			name:   "escaped quotes in stream label values",
			row:    `{"_msg":"` + placeholder + `","_stream":"{job=\"a\",pod=\"x\\\",verb=\\\"y\"}",` + ts + `,"job":"a","pod":"x\",verb=\"y","verb":"get"}`,
			body:   `{"verb":"get"}`,
			labels: `{"_stream":"{job=\"a\",pod=\"x\\\",verb=\\\"y\"}","job":"a","pod":"x\",verb=\"y"}`,
		},
		{
			name:   "stream label names with dots, slashes and spaces",
			row:    `{"_msg":"` + placeholder + `","_stream":"{app/name=\"x=y,z}\",k8s.pod=\"p\",we ird=\"v\"}",` + ts + `,"app/name":"x=y,z}","k8s.pod":"p","n.a":"[1,{\"b\":null}]","we ird":"v"}`,
			body:   `{"n.a":"[1,{\"b\":null}]"}`,
			labels: `{"_stream":"{app/name=\"x=y,z}\",k8s.pod=\"p\",we ird=\"v\"}","app/name":"x=y,z}","k8s.pod":"p","we ird":"v"}`,
		},
		{
			// As VictoriaLogs returns a Falco event whose shipper made rule, priority and
			// tags stream labels too: each name twice, the label's copy first.
			name: "event fields named like stream labels stay in the body",
			row: `{"_msg":"` + placeholder + `","_stream":"{job=\"fsk\",priority=\"Notice\",rule=\"Terminal shell\",tags=\"container,shell\"}",` + ts +
				`,"job":"fsk","output":"sh","priority":"Notice","priority":"Notice","rule":"Terminal shell","rule":"Terminal shell","tags":"container,shell","tags":"[\"container\",\"shell\"]"}`,
			body:   `{"output":"sh","priority":"Notice","rule":"Terminal shell","tags":"[\"container\",\"shell\"]"}`,
			labels: `{"_stream":"{job=\"fsk\",priority=\"Notice\",rule=\"Terminal shell\",tags=\"container,shell\"}","job":"fsk","priority":"Notice","rule":"Terminal shell","tags":"container,shell"}`,
		},
		{
			name:   "the label's copy is found by its value, whatever the order",
			row:    `{"_stream":"{tags=\"a\\\"b\"}",` + ts + `,"tags":"[\"x\"]","tags":"a\"b"}`,
			body:   `{"tags":"[\"x\"]"}`,
			labels: `{"_stream":"{tags=\"a\\\"b\"}","tags":"a\"b"}`,
		},
		{
			name:   "no _stream: every other field is the event",
			row:    `{` + ts + `,"f_n":"1","verb":"get","x\"y":"z"}`,
			body:   `{"verb":"get","x\"y":"z"}`,
			labels: `{"f_n":"1"}`,
		},
		{
			name:   "only stream fields: an empty event",
			row:    `{"_msg":"` + placeholder + `","_stream":"{job=\"a\"}",` + ts + `,"job":"a"}`,
			body:   `{}`,
			labels: `{"_stream":"{job=\"a\"}","job":"a"}`,
		},
		{
			name:   "empty stream",
			row:    `{"_stream":"{}",` + ts + `,"verb":"get"}`,
			body:   `{"verb":"get"}`,
			labels: `{"_stream":"{}"}`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			frames, err := VictoriaLogsLines(strings.NewReader(c.row), Options{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			f := frames[0]
			if f.Rows() != 1 {
				t.Fatalf("rows %d", f.Rows())
			}
			if got := f.Fields[1].At(0).(string); got != c.body {
				t.Errorf("body\n got %s\nwant %s", got, c.body)
			}
			if got := string(f.Fields[2].At(0).(json.RawMessage)); got != c.labels {
				t.Errorf("labels\n got %s\nwant %s", got, c.labels)
			}
		})
	}
}

func TestVictoriaLogsNativeRowsInTables(t *testing.T) {
	body := `{"_msg":"` + placeholder + `","_stream":"{job=\"auditlog\"}","_time":"2024-01-01T00:00:00Z","f_verb":"get","job":"auditlog","verb":"get"}`
	frames, err := VictoriaLogsLines(strings.NewReader(body), Options{Table: true, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, f := range frames[0].Fields {
		cols = append(cols, f.Name)
	}
	if strings.Join(cols, ",") != "Time,_stream,f_verb,job,Line" {
		t.Fatalf("columns %v: the table shows the labels, the event is the line", cols)
	}
	if line := frames[0].Fields[4].At(0); line != `{"verb":"get"}` {
		t.Fatalf("line %v", line)
	}
}

func TestVictoriaLogsStreamRowsShareLabels(t *testing.T) {
	row := func(verb, stream string) string {
		return `{"_msg":"` + placeholder + `","_stream":"{job=\"` + stream + `\"}","_time":"2024-01-01T00:00:00Z","job":"` + stream + `","verb":"` + verb + `"}` + "\n"
	}
	frames, err := VictoriaLogsLines(strings.NewReader(row("get", "a")+row("list", "a")+row("get", "b")), Options{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	labels := frames[0].Fields[2]
	first, second := labels.At(0).(json.RawMessage), labels.At(1).(json.RawMessage)
	if &first[0] != &second[0] {
		t.Error("rows of one stream with equal labels should share one copy")
	}
	if got := string(labels.At(2).(json.RawMessage)); got != `{"_stream":"{job=\"b\"}","job":"b"}` {
		t.Errorf("a new stream's labels: %s", got)
	}
}

func TestVictoriaLogsMalformedStream(t *testing.T) {
	cases := []struct{ stream, want string }{
		{`job=\"a\"}`, "does not start with {"},
		{`{job=\"a\"`, "expected , between labels"},
		{`{job}`, `expected name="value"`},
		{`{job=a}`, "label value is not quoted"},
		{`{job=\"a}`, "unterminated label value"},
	}
	for _, c := range cases {
		row := `{"_stream":"` + c.stream + `","_time":"2024-01-01T00:00:00Z","verb":"get"}` + "\n"
		_, err := VictoriaLogsLines(strings.NewReader(`{"_msg":"ok","_time":"2024-01-01T00:00:00Z"}`+"\n"+row), Options{Limit: 5})
		if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: want an error on line 2 saying %q, got %v", c.stream, c.want, err)
		}
	}
}

func TestParseStream(t *testing.T) {
	cases := []struct {
		stream string
		want   []StreamLabel
	}{
		{`{}`, []StreamLabel{}},
		{`{job="auditlog"}`, []StreamLabel{{"job", "auditlog"}}},
		{`{job="a",namespace="kube-system",pod="p-1"}`, []StreamLabel{{"job", "a"}, {"namespace", "kube-system"}, {"pod", "p-1"}}},
		{`{a="x\"y",b="\\",c="}"}`, []StreamLabel{{"a", `x"y`}, {"b", `\`}, {"c", "}"}}},
		// As VictoriaLogs quotes control characters.
		{`{v="a\tb\u00e9\n\x01"}`, []StreamLabel{{"v", "a\tb\u00e9\n\x01"}}},
		{`{k8s.pod="p",app/name="n",we ird="v"}`, []StreamLabel{{"k8s.pod", "p"}, {"app/name", "n"}, {"we ird", "v"}}},
	}
	for _, c := range cases {
		got, err := ParseStream(c.stream)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q %v, want %q", c.stream, got, err, c.want)
		}
	}
	if _, err := ParseStream(`{v="\q"}`); err == nil || !strings.Contains(err.Error(), `label value "\q"`) {
		t.Errorf("a bad escape: %v", err)
	}
}

// FuzzVictoriaLogsNativeRow builds a row the way VictoriaLogs returns one stored as fields
// (fields from the input, some of them stream labels, some f_*) and checks that the body
// is a JSON object holding exactly the event fields with their values, and that the labels
// hold the rest.
func FuzzVictoriaLogsNativeRow(f *testing.F) {
	f.Add("job=auditlog|verb=get|objectRef.resource=pods|sourceIPs=[\"10.0.0.1\"]", 1, true)
	f.Add("pod=x\",verb=\"y|verb=get|f_verb=get", 1, false)
	f.Add("app/name=a|k8s.pod=p\\q|annotations.authorization.k8s.io/decision=allow|responseStatus.code=201", 2, true)
	f.Add("job=falco|output=A shell \u00e9\u2028|priority=Notice|f_rule=x", 0, false)
	f.Add("x\"y=1|=empty name|\\u0041=2|_custom=3", 1, true)
	f.Fuzz(func(t *testing.T, spec string, nStream int, placeholderMsg bool) {
		type kv struct{ k, v string }
		var fields []kv
		seen := map[string]bool{"_msg": true, "_time": true, "_stream": true, "_stream_id": true}
		for _, part := range strings.Split(spec, "|") {
			k, v, _ := strings.Cut(part, "=")
			k, v = jsonRoundTrip(k), jsonRoundTrip(v)
			if seen[k] {
				continue
			}
			seen[k] = true
			fields = append(fields, kv{k, v})
		}
		// Stream labels: the first nStream fields whose names _stream can carry.
		isStream := map[string]bool{}
		var stream strings.Builder
		stream.WriteByte('{')
		for _, fl := range fields {
			if len(isStream) >= nStream || fl.k == "" || strings.ContainsAny(fl.k, `=,"{}`) {
				continue
			}
			if len(isStream) > 0 {
				stream.WriteByte(',')
			}
			fmt.Fprintf(&stream, "%s=%q", fl.k, fl.v)
			isStream[fl.k] = true
		}
		stream.WriteByte('}')

		var row bytes.Buffer
		str := func(s string) { b, _ := json.Marshal(s); row.Write(b) }
		row.WriteByte('{')
		if placeholderMsg {
			row.WriteString(`"_msg":"` + placeholder + `",`)
		}
		row.WriteString(`"_stream":`)
		str(stream.String())
		row.WriteString(`,"_stream_id":"00","_time":"2024-01-01T00:00:00Z"`)
		for _, fl := range fields {
			row.WriteByte(',')
			str(fl.k)
			row.WriteByte(':')
			str(fl.v)
		}
		row.WriteByte('}')

		frames, err := VictoriaLogsLines(bytes.NewReader(row.Bytes()), Options{Limit: 1})
		if err != nil {
			t.Fatalf("row %s: %v", row.Bytes(), err)
		}
		body := frames[0].Fields[1].At(0).(string)
		var event, labels map[string]string
		if err := json.Unmarshal([]byte(body), &event); err != nil {
			t.Fatalf("body is not a JSON object of strings: %v\n%s", err, body)
		}
		if err := json.Unmarshal(frames[0].Fields[2].At(0).(json.RawMessage), &labels); err != nil {
			t.Fatalf("labels: %v", err)
		}
		for _, fl := range fields {
			label := isStream[fl.k] || strings.HasPrefix(fl.k, ExtractedFieldPrefix)
			in, got := event, "body"
			if label {
				in, got = labels, "labels"
			}
			if v, ok := in[fl.k]; !ok || v != fl.v {
				t.Errorf("field %q=%q missing from the %s (%q, %v)\nrow %s", fl.k, fl.v, got, v, ok, row.Bytes())
			}
		}
		if want := len(fields) - len(labels) + 1; len(event) != want { // labels also hold _stream
			t.Errorf("body has %d fields, want %d: %s", len(event), want, body)
		}
	})
}

// jsonRoundTrip is s as it comes back from JSON (invalid UTF-8 replaced).
func jsonRoundTrip(s string) string {
	b, _ := json.Marshal(s)
	_ = json.Unmarshal(b, &s)
	return s
}

// The streaming parser and the naive decode agree on every row of the benchmark's native
// page (bodies and labels compared as objects, since the naive one sorts keys).
func TestVictoriaLogsNativeMatchesNaive(t *testing.T) {
	body := victoriaNativeBody(50)
	frames, err := VictoriaLogsLines(bytes.NewReader(body), Options{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	naive, err := naiveVictoriaLogs(body, 50)
	if err != nil {
		t.Fatal(err)
	}
	f := frames[0]
	if f.Rows() != 50 || naive.Len() != 50 {
		t.Fatalf("rows %d and %d", f.Rows(), naive.Len())
	}
	asMap := func(s []byte) map[string]string {
		var m map[string]string
		if err := json.Unmarshal(s, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for i := 0; i < 50; i++ {
		got, want := asMap([]byte(f.Fields[1].At(i).(string))), asMap([]byte(naive.bodies[i]))
		if len(got) < 10 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("row %d body\n got %v\nwant %v", i, got, want)
		}
		if g, w := asMap(f.Fields[2].At(i).(json.RawMessage)), asMap(naive.labels[i]); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Fatalf("row %d labels %v, want %v", i, g, w)
		}
	}
}

// FuzzVictoriaLogsRowBytes feeds arbitrary bytes as a row: the parser never panics, and a
// row that is a JSON object of strings with a valid _time always converts, its body being
// the _msg or, for a row stored as fields, a JSON object.
func FuzzVictoriaLogsRowBytes(f *testing.F) {
	f.Add([]byte(`{"_msg":"` + placeholder + `","_stream":"{job=\"a\",pod=\"x\\\"y\"}","_time":"2024-01-01T00:00:00Z","job":"a","pod":"x\"y","verb":"get"}`))
	f.Add([]byte(`{"_stream":"{a=\"\\\\\"}","_time":"2024-01-01T00:00:00Z","a":"\\","f_x":"1","\u00e9":"\ud83d\ude00"}`))
	f.Add([]byte(`{"_msg":"line","_time":"2024-01-01T00:00:00Z","n":1,"o":{"a":[1,2]}}`))
	f.Add([]byte(`{"_stream":"{a=\"b\"","_time":"2024-01-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, row []byte) {
		if bytes.ContainsAny(row, "\r\n") || !utf8.Valid(row) {
			return // one row is one line of UTF-8, as VictoriaLogs writes it
		}
		frames, err := VictoriaLogsLines(bytes.NewReader(row), Options{Limit: 1})
		var fields map[string]string
		if json.Unmarshal(row, &fields) != nil || !validRow(fields) {
			return
		}
		if err != nil {
			t.Fatalf("a valid row failed: %v\n%s", err, row)
		}
		body := frames[0].Fields[1].At(0).(string)
		if msg, ok := fields["_msg"]; ok && !strings.HasPrefix(msg, MissingMessagePrefix) {
			if body != msg {
				t.Fatalf("body %q, want _msg %q", body, msg)
			}
			return
		}
		var event map[string]string
		if err := json.Unmarshal([]byte(body), &event); err != nil {
			t.Fatalf("rebuilt body is not a JSON object of strings: %v\n%s", err, body)
		}
	})
}

// validRow: a _time VictoriaLogsLines accepts and a _stream it can read.
func validRow(fields map[string]string) bool {
	if _, err := time.Parse(time.RFC3339Nano, fields["_time"]); err != nil {
		return false
	}
	if s, ok := fields["_stream"]; ok {
		if _, err := ParseStream(s); err != nil {
			return false
		}
	}
	return true
}
