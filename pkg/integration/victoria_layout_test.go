//go:build integration

package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vigil/k8ssecurity/pkg/internal/teststack"
)

// layoutAuditLines are audit events with what VictoriaLogs reshapes at ingestion: nested
// objects, annotation keys holding dots, arrays of strings and objects, numbers, booleans,
// empty strings, nulls and empty objects.
func layoutAuditLines() []string {
	var lines []string
	for i := 0; i < 6; i++ {
		verb := []string{"create", "get", "delete"}[i%3]
		lines = append(lines, fmt.Sprintf(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"id-%d","stage":"ResponseComplete",`+
			`"requestURI":"/api/v1/namespaces/shop/pods/web-%d","verb":%q,"user":{"username":"alice","groups":["system:authenticated","dev"]},`+
			`"sourceIPs":["10.0.0.%d"],"userAgent":"","objectRef":{"resource":"pods","namespace":"shop","name":"web-%d","apiVersion":"v1"},`+
			`"responseStatus":{"metadata":{},"code":%d},"requestObject":{"spec":{"hostNetwork":%t,"containers":[{"name":"c","image":"nginx:1.%d","securityContext":{"privileged":true}}]}},`+
			`"impersonatedUser":null,"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"x\""}}`,
			i, i, verb, i+1, i, 200+i, i%2 == 0, i))
	}
	return lines
}

const layoutFalcoLine = `{"output":"A shell was spawned in a container","priority":"Notice","rule":"Terminal shell in container","time":"2024-03-01T12:00:00.000000000Z","output_fields":{"container.id":"abc","proc.cmdline":"sh -c id","user.uid":0},"tags":["container","shell"]}`

const layoutDNSLine = `[INFO] 10.0.0.1:5353 - 1 "A IN example.com. udp 29 false 512" NOERROR qr,rd 45 0.0001s`

// flattenLikeVictoriaLogs applies VictoriaLogs' ingestion rules to a JSON line: nested
// objects flattened with dots, arrays as their compact JSON text, numbers and booleans as
// their text, empty strings, nulls and empty objects dropped.
func flattenLikeVictoriaLogs(t *testing.T, line string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(prefix string, raw json.RawMessage)
	walk = func(prefix string, raw json.RawMessage) {
		switch raw[0] {
		case '{':
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(raw, &obj); err != nil {
				t.Fatal(err)
			}
			for k, v := range obj {
				walk(prefix+k+".", v)
			}
		case '"':
			var s string
			_ = json.Unmarshal(raw, &s)
			if s != "" {
				out[strings.TrimSuffix(prefix, ".")] = s
			}
		case 'n':
		default:
			var compact bytes.Buffer
			_ = json.Compact(&compact, raw)
			out[strings.TrimSuffix(prefix, ".")] = compact.String()
		}
	}
	walk("", json.RawMessage(line))
	return out
}

func TestVictoriaLogsLayoutsThroughThePluginBinary(t *testing.T) {
	native, verbatim := teststack.StartVictoriaLogs(t), teststack.StartVictoriaLogs(t)
	now := time.Now().Truncate(time.Second)
	audit := layoutAuditLines()
	var auditValues [][2]string
	for i, line := range audit {
		auditValues = append(auditValues, [2]string{strconv.FormatInt(now.Add(-time.Duration(len(audit)-i)*time.Second).UnixNano(), 10), line})
	}
	at := strconv.FormatInt(now.Add(-time.Minute).UnixNano(), 10)
	streams := []teststack.LokiStream{
		{Stream: map[string]string{"job": "auditlog", "cluster": `prod "eu"`}, Values: auditValues},
		// As falcosidekick ships: the rule and priority are stream labels too.
		{Stream: map[string]string{"job": "falco", "rule": "Terminal shell in container", "priority": "Notice"}, Values: [][2]string{{at, layoutFalcoLine}}},
		{Stream: map[string]string{"job": "kube-system/coredns"}, Values: [][2]string{{at, layoutDNSLine}}},
	}
	teststack.PushLokiNative(t, native.URL, streams)
	teststack.PushLoki(t, verbatim.URL, streams)
	// Prometheus only needs to answer the readiness query here.
	prom := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"status":"success","data":{"resultType":"scalar","result":[0,"1"]}}`)
	}))
	t.Cleanup(prom.Close)

	h := host(t)
	settingsFor := func(id int64, vlURL string, extra map[string]any) backend.PluginContext {
		jsonData := map[string]any{"logBackend": "victorialogs", "logUrl": vlURL, "prometheusUrl": prom.URL, "prometheusAuthType": "none"}
		for k, v := range extra {
			jsonData[k] = v
		}
		return pluginContext(settings(id, jsonData))
	}
	pcNative, pcVerbatim := settingsFor(101, native.URL, nil), settingsFor(102, verbatim.URL, nil)
	from, to := now.Add(-time.Hour), now.Add(time.Minute)
	wantStream := `{cluster="prod \"eu\"",job="auditlog"}`

	t.Run("native layout: bodies are JSON objects of the event's fields", func(t *testing.T) {
		resp := queryOne(t, h, pcNative, query("N", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="auditlog"}`, "limit": 100}, from, to))
		f := onlyFrame(t, resp)
		if f.Meta.Type != data.FrameTypeLogLines || f.Rows() != len(audit) {
			t.Fatalf("type %s rows %d", f.Meta.Type, f.Rows())
		}
		for i := 0; i < f.Rows(); i++ {
			var event map[string]string
			body := f.Fields[1].At(i).(string)
			if err := json.Unmarshal([]byte(body), &event); err != nil {
				t.Fatalf("row %d body is not a JSON object of strings: %v\n%s", i, err, body)
			}
			// Newest first: row i holds audit line len-1-i.
			want := flattenLikeVictoriaLogs(t, audit[len(audit)-1-i])
			if fmt.Sprint(event) != fmt.Sprint(want) {
				t.Errorf("row %d body\n got %v\nwant %v", i, event, want)
			}
			var labels map[string]string
			_ = json.Unmarshal(f.Fields[2].At(i).(json.RawMessage), &labels)
			if fmt.Sprint(labels) != fmt.Sprint(map[string]string{"_stream": wantStream, "job": "auditlog", "cluster": `prod "eu"`}) {
				t.Errorf("row %d labels %v: the stream's labels only", i, labels)
			}
		}
	})

	t.Run("native layout: fields a query extracts as f_* stay labels", func(t *testing.T) {
		resp := queryOne(t, h, pcNative, query("F", map[string]any{"queryType": "logs", "language": "logsql",
			"expr": `{job="auditlog"} "objectRef.resource":=pods verb:=create | copy verb as f_verb, "objectRef.name" as "f_objectRef.name"`, "limit": 100}, from, to))
		f := onlyFrame(t, resp)
		if f.Rows() != 2 {
			t.Fatalf("rows %d, want the 2 create events", f.Rows())
		}
		var event, labels map[string]string
		_ = json.Unmarshal([]byte(f.Fields[1].At(0).(string)), &event)
		_ = json.Unmarshal(f.Fields[2].At(0).(json.RawMessage), &labels)
		if labels["f_verb"] != "create" || labels["f_objectRef.name"] != "web-3" || event["verb"] != "create" || event["objectRef.name"] != "web-3" {
			t.Errorf("labels %v, event %v", labels, event)
		}
		if _, ok := event["f_verb"]; ok {
			t.Errorf("f_verb belongs to the labels, not the event: %v", event)
		}
	})

	t.Run("native layout: event fields named like stream labels stay in the body", func(t *testing.T) {
		f := onlyFrame(t, queryOne(t, h, pcNative, query("R", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="falco"}`}, from, to)))
		var event, labels map[string]string
		if err := json.Unmarshal([]byte(f.Fields[1].At(0).(string)), &event); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal(f.Fields[2].At(0).(json.RawMessage), &labels)
		if want := flattenLikeVictoriaLogs(t, layoutFalcoLine); fmt.Sprint(event) != fmt.Sprint(want) {
			t.Errorf("falco body\n got %v\nwant %v", event, want)
		}
		if labels["rule"] != "Terminal shell in container" || labels["priority"] != "Notice" || labels["job"] != "falco" || len(labels) != 4 {
			t.Errorf("falco labels %v", labels)
		}
	})

	t.Run("verbatim layout: bodies are the original lines", func(t *testing.T) {
		resp := queryOne(t, h, pcVerbatim, query("V", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="auditlog"}`, "limit": 100}, from, to))
		f := onlyFrame(t, resp)
		if f.Rows() != len(audit) {
			t.Fatalf("rows %d", f.Rows())
		}
		for i := 0; i < f.Rows(); i++ {
			if got, want := f.Fields[1].At(i).(string), audit[len(audit)-1-i]; got != want {
				t.Errorf("row %d body\n got %s\nwant %s", i, got, want)
			}
		}
	})

	t.Run("the same text line is in _msg in both layouts", func(t *testing.T) {
		for _, pc := range []backend.PluginContext{pcNative, pcVerbatim} {
			f := onlyFrame(t, queryOne(t, h, pc, query("D", map[string]any{"queryType": "logs", "language": "logsql", "expr": `{job="kube-system/coredns"}`}, from, to)))
			if f.Rows() != 1 || f.Fields[1].At(0) != layoutDNSLine {
				t.Errorf("coredns body %v", f.Fields[1].At(0))
			}
		}
	})

	type sourceDetails struct {
		Found                                    bool
		Layout, ConfiguredLayout, DetectedLayout string
		Rows, NativeRows                         int64
		Streams                                  []struct {
			Stream, Layout   string
			Rows, NativeRows int64
		}
	}
	health := func(t *testing.T, pc backend.PluginContext) (*backend.CheckHealthResult, map[string]sourceDetails, []string) {
		t.Helper()
		res, err := h.CheckHealth(ctxFor(t), &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			t.Fatal(err)
		}
		assertNoSecrets(t, "health", res.Message+string(res.JSONDetails))
		var details struct {
			Sources  map[string]sourceDetails
			Warnings []string
		}
		if err := json.Unmarshal(res.JSONDetails, &details); err != nil {
			t.Fatal(err)
		}
		return res, details.Sources, details.Warnings
	}

	t.Run("health detects the layout of each source stream", func(t *testing.T) {
		for _, c := range []struct {
			name      string
			pc        backend.PluginContext
			auditLike string
			message   string
		}{
			{"native", pcNative, "native", "VictoriaLogs layouts: audit native (detected), coredns verbatim (detected), falco native (detected)."},
			{"verbatim", pcVerbatim, "verbatim", "VictoriaLogs layouts: audit verbatim (detected), coredns verbatim (detected), falco verbatim (detected)."},
		} {
			res, sources, warnings := health(t, c.pc)
			if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, c.message) || len(warnings) != 0 {
				t.Errorf("%s: status %v message %q warnings %v", c.name, res.Status, res.Message, warnings)
			}
			audit := sources["audit"]
			wantNative := int64(0)
			if c.auditLike == "native" {
				wantNative = 6
			}
			if audit.Layout != c.auditLike || audit.DetectedLayout != c.auditLike || audit.ConfiguredLayout != "" || audit.Rows != 6 || audit.NativeRows != wantNative {
				t.Errorf("%s: audit %+v", c.name, audit)
			}
			if len(audit.Streams) != 1 || audit.Streams[0].Stream != wantStream || audit.Streams[0].Layout != c.auditLike || audit.Streams[0].Rows != 6 {
				t.Errorf("%s: audit streams %+v", c.name, audit.Streams)
			}
			if falco := sources["falco"]; falco.Layout != c.auditLike || falco.Rows != 1 {
				t.Errorf("%s: falco %+v", c.name, falco)
			}
			// A text line stays in _msg whatever the push parameters.
			if dns := sources["coredns"]; dns.Layout != "verbatim" || dns.NativeRows != 0 {
				t.Errorf("%s: coredns %+v", c.name, dns)
			}
			if nf := sources["netfilter"]; nf.Found || nf.Layout != "" {
				t.Errorf("%s: netfilter has no streams: %+v", c.name, nf)
			}
		}
	})

	t.Run("a configured layout wins and a disagreement is reported", func(t *testing.T) {
		pc := settingsFor(103, native.URL, map[string]any{"victoriaLogsLayout": map[string]any{"audit": "verbatim", "netfilter": "native"}})
		res, sources, warnings := health(t, pc)
		if a := sources["audit"]; a.Layout != "verbatim" || a.ConfiguredLayout != "verbatim" || a.DetectedLayout != "native" {
			t.Errorf("audit %+v", a)
		}
		if n := sources["netfilter"]; n.Layout != "native" || n.ConfiguredLayout != "native" || n.DetectedLayout != "" {
			t.Errorf("netfilter %+v", n)
		}
		want := "audit is set to the verbatim layout but its streams hold events as fields (native)"
		if !slices.Equal(warnings, []string{want}) || !strings.Contains(res.Message, "Warning: "+want+".") {
			t.Errorf("warnings %q message %q", warnings, res.Message)
		}
	})

	t.Run("a bad layout setting is named", func(t *testing.T) {
		pc := settingsFor(104, native.URL, map[string]any{"victoriaLogsLayout": map[string]any{"audit": "fields"}})
		res, sources, _ := health(t, pc)
		if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, `victoriaLogsLayout.audit is "fields" (use "native", "verbatim"`) {
			t.Errorf("status %v message %q", res.Status, res.Message)
		}
		if a := sources["audit"]; a.Layout != "native" || a.ConfiguredLayout != "" {
			t.Errorf("the bad entry is ignored and the layout detected: %+v", a)
		}
	})
}
