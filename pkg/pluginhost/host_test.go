package pluginhost

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestHostDrivesTheBuiltBinary(t *testing.T) {
	h := StartForTest(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pc := DataSourceContext(backend.DataSourceInstanceSettings{ID: 101, UID: "host-test", JSONData: []byte(`{}`)})

	health, err := h.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "not set") {
		t.Fatalf("unconfigured data source should report what is missing, got %v %q", health.Status, health.Message)
	}

	q := backend.DataQuery{RefID: "A", JSON: json.RawMessage(`{"expr":"x","language":"promql","queryType":"metric"}`),
		TimeRange: backend.TimeRange{From: time.Now().Add(-time.Hour), To: time.Now()}}
	qr, err := h.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{q}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := qr.Responses["A"]; !ok {
		t.Fatalf("no response for refId A: %+v", qr.Responses)
	}

	res, err := h.CallResource(ctx, &backend.CallResourceRequest{PluginContext: pc, Path: "no-such-resource", Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 404 || !strings.Contains(string(res.Body), "no-such-resource") {
		t.Fatalf("unknown resource: status %d body %s", res.Status, res.Body)
	}

	h.Close()
	if !h.Exited() {
		t.Fatal("Close should end the plugin process")
	}
}

// Without Grafana's magic cookie the binary must refuse to run: proves the handshake is go-plugin's.
func TestBinaryRefusesToRunWithoutHandshake(t *testing.T) {
	out, err := exec.Command(TestExecutable(t)).CombinedOutput()
	if err == nil {
		t.Fatal("binary ran without the handshake cookie")
	}
	if !strings.Contains(string(out), "This binary is a plugin") {
		t.Fatalf("unexpected output: %s", out)
	}
}

func TestStartReportsMissingExecutable(t *testing.T) {
	_, err := Start(Options{Executable: "/nonexistent/gpx_vigil"})
	if err == nil || !strings.Contains(err.Error(), "plugin executable") {
		t.Fatalf("want a clear error, got %v", err)
	}
}
