//go:build unix

package teststack

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopped asserts that Stop leaves neither the process nor the data dir behind.
func stopped(t *testing.T, srv *Server) {
	t.Helper()
	srv.Stop()
	if err := syscall.Kill(srv.PID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists after Stop (kill 0: %v)", srv.PID, err)
	}
	if _, err := os.Stat(srv.DataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data dir %s still exists after Stop (%v)", srv.DataDir, err)
	}
}

func TestVictoriaLogsLokiPushRoundTrip(t *testing.T) {
	vl := StartVictoriaLogs(t)
	run := fmt.Sprintf("go%d", time.Now().UnixNano())
	// A sub-millisecond part proves nanoseconds survive the round trip.
	base := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.UTC)
	ns := func(offset time.Duration) string { return fmt.Sprint(base.Add(offset).UnixNano()) }
	jsonLine := `{"verb":"delete","objectRef":{"resource":"secrets"}}`
	PushLoki(t, vl.URL, []LokiStream{
		{Stream: map[string]string{"job": "audit", "run": run}, Values: [][2]string{{ns(0), jsonLine}, {ns(time.Millisecond), "plain line"}}},
		{Stream: map[string]string{"job": "coredns", "run": run}, Values: [][2]string{{ns(2 * time.Millisecond), "query A example.org."}}},
	})

	rows := QueryLogsQL(t, vl.URL, fmt.Sprintf(`run:=%q | sort by (_time)`, run))
	want := []struct{ msg, job, time string }{
		{jsonLine, "audit", "2024-03-01T12:00:00.123456789Z"},
		{"plain line", "audit", "2024-03-01T12:00:00.124456789Z"},
		{"query A example.org.", "coredns", "2024-03-01T12:00:00.125456789Z"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i, w := range want {
		if rows[i]["_msg"] != w.msg || rows[i]["job"] != w.job || rows[i]["_time"] != w.time {
			t.Errorf("row %d = %v, want _msg %q job %q _time %s", i, rows[i], w.msg, w.job, w.time)
		}
	}
	if got, want := rows[0]["_stream"], fmt.Sprintf(`{job="audit",run=%q}`, run); got != want {
		t.Errorf("_stream = %s, want %s (labels must become stream fields)", got, want)
	}

	if _, err := queryLogsQL(vl.URL, "run:=("); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("malformed LogsQL: want an HTTP 400 error with VictoriaLogs' message, got %v", err)
	}
	stopped(t, vl)
}

// What VictoriaLogs does with a JSON audit line pushed with its defaults (the native
// layout) versus with disable_message_parsing=1 (verbatim): docs/victorialogs.md relies
// on every fact checked here.
func TestVictoriaLogsStoresJSONLinesAsFields(t *testing.T) {
	vl := StartVictoriaLogs(t)
	line := `{"kind":"Event","verb":"create","user":{"username":"alice","groups":["system:authenticated","dev"],"extra":{}},` +
		`"sourceIPs":["10.0.0.1"],"objectRef":{"resource":"pods","namespace":"shop","name":""},"responseStatus":{"metadata":{},"code":201},` +
		`"requestObject":{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx"}],"volumes":[]}},` +
		`"annotations":{"authorization.k8s.io/decision":"allow"},"latency":1.50,"impersonatedUser":null}`
	at := fmt.Sprint(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	dns := `[INFO] 10.0.0.1:5353 - 1 "A IN example.com. udp 29 false 512" NOERROR qr,rd 45 0.0001s`
	PushLokiNative(t, vl.URL, []LokiStream{
		{Stream: map[string]string{"job": "native", "node": `a"b`}, Values: [][2]string{{at, line}}},
		{Stream: map[string]string{"job": "native-text"}, Values: [][2]string{{at, dns}}},
	})
	PushLoki(t, vl.URL, []LokiStream{{Stream: map[string]string{"job": "verbatim"}, Values: [][2]string{{at, line}}}})

	native := QueryLogsQL(t, vl.URL, `job:=native`)
	if len(native) != 1 {
		t.Fatalf("native rows %v", native)
	}
	want := map[string]string{
		"_msg":                           "missing _msg field; see https://docs.victoriametrics.com/victorialogs/keyconcepts/#message-field",
		"_stream":                        `{job="native",node="a\"b"}`,
		"_time":                          "2024-03-01T12:00:00Z",
		"job":                            "native", // stream labels are also plain fields
		"node":                           `a"b`,
		"kind":                           "Event",
		"verb":                           "create",
		"user.username":                  "alice",                          // nested objects flattened with dots
		"user.groups":                    `["system:authenticated","dev"]`, // arrays as compact JSON text
		"sourceIPs":                      `["10.0.0.1"]`,
		"objectRef.resource":             "pods",
		"objectRef.namespace":            "shop",
		"responseStatus.code":            "201", // numbers and booleans as their text
		"latency":                        "1.50",
		"requestObject.spec.hostNetwork": "true",
		"requestObject.spec.containers":  `[{"name":"c","image":"nginx"}]`,
		"requestObject.spec.volumes":     "[]", // an empty array stays
		"annotations.authorization.k8s.io/decision": "allow", // keys holding dots are joined as they are
	}
	row := native[0]
	delete(row, "_stream_id")
	for k, v := range want {
		if row[k] != v {
			t.Errorf("native %s = %q, want %q", k, row[k], v)
		}
	}
	for k := range row {
		if _, ok := want[k]; !ok {
			t.Errorf("native row has unexpected field %s=%q (empty strings, nulls and empty objects are dropped)", k, row[k])
		}
	}

	// The placeholder is stored: a filter on _msg finds the rows stored as fields.
	if n := QueryLogsQL(t, vl.URL, `_msg:="missing _msg field"* | stats count() n`); len(n) != 1 || n[0]["n"] != "1" {
		t.Errorf("rows whose _msg is the placeholder: %v, want the native row only", n)
	}
	// /insert/jsonline stores a JSON object without _msg the same way.
	resp, err := http.Post(vl.URL+"/insert/jsonline?_stream_fields=job", "application/stream+json",
		strings.NewReader(`{"_time":"2024-03-01T12:00:00Z","job":"jsonline","objectRef":{"resource":"pods"},"sourceIPs":["10.0.0.1"],"code":201}`+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkResponse(resp, "jsonline push"); err != nil {
		t.Fatal(err)
	}
	if err := forceFlush(vl.URL); err != nil {
		t.Fatal(err)
	}
	jl := QueryLogsQL(t, vl.URL, `job:=jsonline`)
	if len(jl) != 1 || jl[0]["_msg"] != want["_msg"] || jl[0]["objectRef.resource"] != "pods" || jl[0]["sourceIPs"] != `["10.0.0.1"]` || jl[0]["code"] != "201" {
		t.Errorf("jsonline row %v", jl)
	}

	// A stream label that is also a field of the event: the name comes back twice, the
	// label's copy first.
	PushLokiNative(t, vl.URL, []LokiStream{{Stream: map[string]string{"job": "dup", "tags": "container,shell"},
		Values: [][2]string{{at, `{"rule":"Terminal shell","tags":["container","shell"]}`}}}})
	resp, err = http.Get(vl.URL + "/select/logsql/query?query=" + url.QueryEscape("job:=dup"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(raw), `"tags":"container,shell","tags":"[\"container\",\"shell\"]"`) {
		t.Errorf("row with a label named like an event field: %s", raw)
	}

	// A line that is not JSON keeps its text in _msg whatever the push parameters.
	if text := QueryLogsQL(t, vl.URL, `job:="native-text"`); len(text) != 1 || text[0]["_msg"] != dns {
		t.Errorf("text line pushed with the defaults: %v, want it in _msg", text)
	}
	verbatim := QueryLogsQL(t, vl.URL, `job:=verbatim`)
	if len(verbatim) != 1 || verbatim[0]["_msg"] != line || verbatim[0]["verb"] != "" {
		t.Errorf("verbatim row %v, want the line in _msg and no event fields", verbatim)
	}
}

func TestPrometheusScrapesAndAnswersPromQL(t *testing.T) {
	metrics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "# TYPE falcosecurity_falco_rules_matches_total counter\n"+
			`falcosecurity_falco_rules_matches_total{rule="Terminal shell in container"} 7`+"\n"+
			`falcosecurity_falco_rules_matches_total{rule="Read sensitive file untrusted"} 3`+"\n")
	}))
	defer metrics.Close()
	prom := StartPrometheus(t, PrometheusOptions{ScrapeTargets: []string{metrics.URL}})

	query := "sum by (rule) (falcosecurity_falco_rules_matches_total)"
	var samples []PromSample
	// The first scrape lands a few seconds after start; poll Prometheus rather than sleep.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if samples = QueryPromQL(t, prom.URL, query); len(samples) == 2 {
			break
		}
	}
	got := map[string]any{}
	for _, s := range samples {
		got[s.Metric["rule"]] = s.Value[1]
	}
	want := map[string]any{"Terminal shell in container": "7", "Read sensitive file untrusted": "3"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("scraped values = %v, want %v", got, want)
	}

	if _, err := queryPromQL(prom.URL, "sum("); err == nil || !strings.Contains(err.Error(), "parse error") {
		t.Errorf("malformed PromQL: want Prometheus' parse error, got %v", err)
	}
	stopped(t, prom)
}

func TestMissingBinaryNamesSetup(t *testing.T) {
	t.Setenv("VICTORIALOGS_BIN", "/nonexistent/victoria-logs")
	rec := &fatalRecorder{TB: t}
	func() {
		defer func() { _ = recover() }()
		StartVictoriaLogs(rec)
	}()
	if !strings.Contains(rec.msg, "npm run setup") {
		t.Errorf("missing binary message = %q, want it to name `npm run setup`", rec.msg)
	}
}

// fatalRecorder captures a Fatalf message instead of failing the real test.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	panic("fatal")
}

func (r *fatalRecorder) Helper() {}
