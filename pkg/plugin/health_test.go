package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/conventions"
)

// fakeVictoriaLogs answers the health check's requests: stream field names and values (the
// job label's values), and the layout queries from per-filter counts ({rows, native}) per
// stream; a filter mapped to nil answers HTTP 400.
func fakeVictoriaLogs(t *testing.T, jobs []string, counts map[string]map[string][2]int) *httptest.Server {
	t.Helper()
	return fakeVictoriaLogsLabels(t, map[string][]string{"job": jobs}, counts)
}

// fakeVictoriaLogsLabels is fakeVictoriaLogs with any stream labels. It lists no fields
// parsed out of events (field_names answers only the readiness check, field_values is not
// served): stream detection reads stream labels only.
func fakeVictoriaLogsLabels(t *testing.T, labels map[string][]string, counts map[string]map[string][2]int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		values := func(vals ...string) {
			var out []map[string]any
			for _, v := range vals {
				out = append(out, map[string]any{"value": v, "hits": 1})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"values": out})
		}
		switch r.URL.Path {
		case "/health":
			fmt.Fprint(w, "OK")
		case "/select/logsql/field_names": // the readiness check
			values()
		case "/select/logsql/stream_field_names":
			var names []string
			for n := range labels {
				names = append(names, n)
			}
			sort.Strings(names)
			values(names...)
		case "/select/logsql/stream_field_values":
			values(labels[q.Get("field")]...)
		case "/api/v1/query": // Prometheus' readiness query
			fmt.Fprint(w, `{"status":"success","data":{"resultType":"scalar","result":[0,"1"]}}`)
		case "/select/logsql/query":
			query := q.Get("query")
			for filter, streams := range counts {
				if !strings.Contains(query, filter) {
					continue
				}
				if streams == nil {
					http.Error(w, `{"error":"cannot parse query"}`, http.StatusBadRequest)
					return
				}
				for stream, n := range streams {
					if strings.Contains(query, "count() native") && n[1] > 0 {
						fmt.Fprintf(w, `{"_stream":%q,"native":"%d"}`+"\n", stream, n[1])
					} else if strings.Contains(query, "count() rows") {
						fmt.Fprintf(w, `{"_stream":%q,"rows":"%d"}`+"\n", stream, n[0])
					}
				}
				return
			}
			t.Errorf("unexpected query %q", query)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHealthReportsVictoriaLogsLayouts(t *testing.T) {
	jobs := []string{"auditlog", "kube-system/coredns", "kernellog"}
	counts := map[string]map[string][2]int{
		`{job="auditlog"}`:            {`{job="auditlog",node="a"}`: {10, 10}, `{job="auditlog",node="b"}`: {30, 30}},
		`{job="kube-system/coredns"}`: {`{job="kube-system/coredns"}`: {7, 0}},
		`{job="kernellog"} ~"SRC="`:   {`{job="kernellog",node="a"}`: {3, 3}, `{job="kernellog",node="b"}`: {1, 0}},
	}
	type want struct{ layout, configured, detected string }
	cases := []struct {
		name     string
		layouts  string
		counts   map[string]map[string][2]int
		want     map[string]want
		warnings []string
		problems []string
	}{
		{
			name:   "detected",
			counts: counts,
			want: map[string]want{
				"audit": {"native", "", "native"}, "coredns": {"verbatim", "", "verbatim"},
				"netfilter": {"native", "", "mixed"}, "falco": {},
			},
			warnings: []string{"netfilter streams hold both layouts (3 of 4 rows as fields); queries read them as native"},
		},
		{
			name:    "configured wins and disagreement is a warning",
			layouts: `,"victoriaLogsLayout":{"audit":"verbatim","coredns":"verbatim","falco":"native"}`,
			counts:  counts,
			want: map[string]want{
				"audit": {"verbatim", "verbatim", "native"}, "coredns": {"verbatim", "verbatim", "verbatim"},
				"netfilter": {"native", "", "mixed"}, "falco": {"native", "native", ""},
			},
			warnings: []string{
				"audit is set to the verbatim layout but its streams hold events as fields (native)",
				"netfilter streams hold both layouts (3 of 4 rows as fields); queries read them as native",
			},
		},
		{
			name:     "a failing probe is a problem for that source only",
			counts:   map[string]map[string][2]int{`{job="auditlog"}`: counts[`{job="auditlog"}`], `{job="kube-system/coredns"}`: nil, `{job="kernellog"} ~"SRC="`: nil},
			want:     map[string]want{"audit": {"native", "", "native"}, "coredns": {}, "netfilter": {}, "falco": {}},
			problems: []string{"could not detect how VictoriaLogs stores coredns events: VictoriaLogs returned HTTP 400", "could not detect how VictoriaLogs stores netfilter events: VictoriaLogs returned HTTP 400"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vl := fakeVictoriaLogs(t, jobs, c.counts)
			d := newTestDatasource(t, `{"logBackend":"victorialogs","logUrl":"`+vl.URL+`","prometheusUrl":"`+vl.URL+`"`+c.layouts+`}`)
			rep := d.Health(context.Background())
			for id, w := range c.want {
				src := rep.Sources[id]
				if got := (want{src.Layout, src.ConfiguredLayout, src.DetectedLayout}); got != w {
					t.Errorf("%s: layout/configured/detected %+v, want %+v", id, got, w)
				}
			}
			if got := strings.Join(rep.Warnings, "\n"); got != strings.Join(c.warnings, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", got, strings.Join(c.warnings, "\n"))
			}
			if len(rep.Problems) != len(c.problems) {
				t.Fatalf("problems %q, want %q", rep.Problems, c.problems)
			}
			for i, p := range c.problems {
				if !strings.HasPrefix(rep.Problems[i], p) {
					t.Errorf("problem %q, want %q", rep.Problems[i], p)
				}
			}
		})
	}
}

func TestHealthLayoutDetails(t *testing.T) {
	vl := fakeVictoriaLogs(t, []string{"auditlog"}, map[string]map[string][2]int{
		`{job="auditlog"}`: {`{job="auditlog",node="a"}`: {10, 10}, `{job="auditlog",node="b"}`: {30, 30}},
	})
	d := newTestDatasource(t, `{"logBackend":"victorialogs","logUrl":"`+vl.URL+`","prometheusUrl":"`+vl.URL+`"}`)
	res, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var details map[string]any
	if err := json.Unmarshal(res.JSONDetails, &details); err != nil {
		t.Fatal(err)
	}
	audit, _ := json.Marshal(details["sources"].(map[string]any)["audit"])
	want := `{"detectedLayout":"native","evidence":"job=\"auditlog\"","found":true,"layout":"native","nativeRows":40,"rows":40,` +
		`"streams":[{"layout":"native","nativeRows":30,"rows":30,"stream":"{job=\"auditlog\",node=\"b\"}"},` +
		`{"layout":"native","nativeRows":10,"rows":10,"stream":"{job=\"auditlog\",node=\"a\"}"}]}`
	if string(audit) != want {
		t.Errorf("audit details\n%s\nwant\n%s", audit, want)
	}
	if coredns, _ := json.Marshal(details["sources"].(map[string]any)["coredns"]); string(coredns) != `{"found":false}` {
		t.Errorf("a source not found keeps the old shape: %s", coredns)
	}
	if !strings.Contains(res.Message, "VictoriaLogs layouts: audit native (detected).") {
		t.Errorf("message %q", res.Message)
	}
}

func TestLokiHealthHasNoLayouts(t *testing.T) {
	d := newTestDatasource(t, `{"logBackend":"loki","logUrl":"http://l:3100","prometheusUrl":"http://p:9090","victoriaLogsLayout":{"audit":"native"}}`)
	rep := HealthReport{Sources: map[string]SourceHealth{"audit": {Found: true}}}
	d.applyLayouts(&rep)
	if src := rep.Sources["audit"]; src.Layout != "" || src.ConfiguredLayout != "" {
		t.Fatalf("Loki sources have no VictoriaLogs layout: %+v", src)
	}
}

func TestConventionsCoverSourceIDs(t *testing.T) {
	if strings.Join(conventions.Sources, ",") != strings.Join(SourceIDs, ",") {
		t.Fatalf("conventions cover %v, source ids %v", conventions.Sources, SourceIDs)
	}
}

// The health check takes each source's best convention from the stream labels (the shared
// cases in pkg/conventions/testdata pin the choice itself) and counts its layout with it.
func TestHealthFindsSourcesByStreamLabels(t *testing.T) {
	labels := map[string][]string{
		"job":       {"falco", "kube-audit", "systemd-journal"},
		"container": {"coredns"},
		"namespace": {"kube-system"},
		"transport": {"kernel", "stdout"},
		"rule":      {"Terminal shell in container"},
		"priority":  {"Notice"},
	}
	counts := map[string]map[string][2]int{
		`{job="kube-audit"}`:                                 {`{job="kube-audit"}`: {4, 4}},
		`{container="coredns",namespace="kube-system"}`:      {`{container="coredns",namespace="kube-system"}`: {2, 0}},
		`{job="systemd-journal",transport="kernel"} ~"SRC="`: {`{job="systemd-journal",transport="kernel"}`: {3, 0}},
		`{rule=~".+",priority=~".+"}`:                        {`{priority="Notice",rule="Terminal shell in container"}`: {1, 1}},
	}
	vl := fakeVictoriaLogsLabels(t, labels, counts)
	d := newTestDatasource(t, `{"logBackend":"victorialogs","logUrl":"`+vl.URL+`","prometheusUrl":"`+vl.URL+`"}`)
	rep := d.Health(context.Background())
	want := map[string]string{
		"audit":     `job="kube-audit"`,
		"coredns":   `container="coredns", namespace="kube-system"`,
		"netfilter": `job="systemd-journal", transport="kernel"`,
		"falco":     `rule=~".+", priority=~".+"`,
	}
	for id, evidence := range want {
		if src := rep.Sources[id]; !src.Found || src.Evidence != evidence || src.Rows == 0 {
			t.Errorf("%s: %+v, want found by %s with rows", id, src, evidence)
		}
	}
	if len(rep.Problems) != 0 {
		t.Errorf("problems %q", rep.Problems)
	}
}

// The label resources answer stream labels only when asked (scope=stream): the Configuration
// page can then read labels as the health check does.
func TestStreamScopedLabelResources(t *testing.T) {
	vl := fakeVictoriaLogsLabels(t, map[string][]string{"job": {"falco"}, "container": {"coredns"}}, nil)
	d := newTestDatasource(t, `{"logBackend":"victorialogs","logUrl":"`+vl.URL+`","prometheusUrl":"`+vl.URL+`"}`)
	for _, c := range []struct{ path, query, want string }{
		{"labels", "scope=stream", `{"labels":["container","job"]}`},
		{"label-values", "label=job&scope=stream", `{"values":["falco"]}`},
		{"labels", "", `{"labels":[]}`}, // every field: the fake lists none
	} {
		var got []byte
		sender := backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
			got = res.Body
			return nil
		})
		err := d.CallResource(context.Background(), &backend.CallResourceRequest{Path: c.path, URL: c.path + "?" + c.query}, sender)
		if err != nil || string(got) != c.want {
			t.Errorf("%s?%s = %s, %v; want %s", c.path, c.query, got, err, c.want)
		}
	}
}
