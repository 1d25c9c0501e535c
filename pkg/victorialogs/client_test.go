package victorialogs

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

func TestParams(t *testing.T) {
	start := time.Date(2024, 1, 2, 3, 4, 5, 600000000, time.FixedZone("x", 3600))
	q := QueryParams(`{job="auditlog"}`, start, start.Add(time.Hour), 50)
	if q.Get("start") != "2024-01-02T02:04:05.6Z" || q.Get("end") != "2024-01-02T03:04:05.6Z" || q.Get("limit") != "50" {
		t.Fatalf("query params %v", q)
	}
	s := StatsQueryRangeParams("* | stats count()", start, start.Add(time.Hour), 90*time.Second)
	if s.Get("step") != "90s" {
		t.Fatalf("step %q", s.Get("step"))
	}
	cases := map[time.Duration]string{time.Second: "1s", 1500 * time.Millisecond: "1500ms", time.Hour: "3600s"}
	for d, want := range cases {
		if got := Step(d); got != want {
			t.Errorf("Step(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestStreamLayouts(t *testing.T) {
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("query")
		queries = append(queries, q)
		if r.URL.Path != "/select/logsql/query" || r.URL.Query().Get("start") != "2024-01-01T00:00:00Z" {
			http.Error(w, "unexpected request "+r.URL.String(), http.StatusBadRequest)
			return
		}
		switch {
		case strings.Contains(q, "count() rows"):
			fmt.Fprint(w, `{"_stream":"{job=\"auditlog\",node=\"a\"}","rows":"10"}`+"\n"+
				`{"_stream":"{job=\"auditlog\",node=\"b\"}","rows":"30"}`+"\n\n"+
				`{"_stream":"{job=\"auditlog\",node=\"c\"}","rows":"5"}`+"\n")
		case strings.Contains(q, "count() native"):
			fmt.Fprint(w, `{"_stream":"{job=\"auditlog\",node=\"a\"}","native":"10"}`+"\n"+
				`{"_stream":"{job=\"auditlog\",node=\"c\"}","native":"2"}`+"\n")
		}
	}))
	defer srv.Close()
	c := client(t, srv.URL)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.StreamLayouts(context.Background(), `job:="auditlog"`, start, start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []StreamRows{
		{Stream: `{job="auditlog",node="b"}`, Rows: 30, Layout: LayoutVerbatim},
		{Stream: `{job="auditlog",node="a"}`, Rows: 10, NativeRows: 10, Layout: LayoutNative},
		{Stream: `{job="auditlog",node="c"}`, Rows: 5, NativeRows: 2, Layout: LayoutMixed},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	wantQueries := []string{`job:="auditlog" | stats by (_stream) count() rows`,
		`(job:="auditlog") _msg:="missing _msg field"* | stats by (_stream) count() native`}
	if strings.Join(queries, "\n") != strings.Join(wantQueries, "\n") {
		t.Fatalf("queries %q", queries)
	}
}

func TestStreamLayoutsMalformed(t *testing.T) {
	for _, body := range []string{`{"_stream":"{}","rows":"many"}`, `{"_stream":`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, body) }))
		_, err := client(t, srv.URL).StreamLayouts(context.Background(), "*", time.Now().Add(-time.Hour), time.Now())
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "VictoriaLogs") || !strings.Contains(err.Error(), "malformed response") {
			t.Errorf("%s: want a malformed-response error naming VictoriaLogs, got %v", body, err)
		}
	}
}

func TestLayoutOf(t *testing.T) {
	cases := []struct {
		rows, native int64
		want         string
	}{{0, 0, ""}, {5, 0, LayoutVerbatim}, {5, 5, LayoutNative}, {5, 1, LayoutMixed}}
	for _, c := range cases {
		if got := LayoutOf(c.rows, c.native); got != c.want {
			t.Errorf("LayoutOf(%d, %d) = %q, want %q", c.rows, c.native, got, c.want)
		}
	}
}

func client(t *testing.T, baseURL string) *Client {
	t.Helper()
	up, err := upstream.New(upstream.Config{Name: "VictoriaLogs", BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	return New(up)
}

func TestStreamFields(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		got = append(got, r.URL.Path+" query="+q.Get("query")+" field="+q.Get("field")+" limit="+q.Get("limit"))
		fmt.Fprint(w, `{"values":[{"value":"job","hits":3},{"value":"rule","hits":1}]}`)
	}))
	defer srv.Close()
	c := client(t, srv.URL)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	names, err := c.StreamFieldNames(context.Background(), "*", start, start.Add(time.Hour))
	if err != nil || strings.Join(names, ",") != "job,rule" {
		t.Fatalf("names %v, %v", names, err)
	}
	if _, err := c.StreamFieldValues(context.Background(), "*", "job", start, start.Add(time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	want := []string{"/select/logsql/stream_field_names query=* field= limit=", "/select/logsql/stream_field_values query=* field=job limit=1000"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
