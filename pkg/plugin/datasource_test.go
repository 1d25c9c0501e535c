package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func newTestDatasource(t *testing.T, jsonData string) *Datasource {
	t.Helper()
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: []byte(jsonData)})
	if err != nil {
		t.Fatalf("NewDatasource: %v", err)
	}
	return inst.(*Datasource)
}

func TestCheckHealth(t *testing.T) {
	cases := []struct {
		name     string
		jsonData string
		status   backend.HealthStatus
		contains []string
	}{
		{"unconfigured", `{}`, backend.HealthStatusError, []string{"log backend URL is not set", "Prometheus URL is not set"}},
		{"bad backend", `{"logBackend":"elastic","logUrl":"http://l:3100","prometheusUrl":"http://p:9090"}`, backend.HealthStatusError, []string{`unknown log backend "elastic"`}},
		{"bad url", `{"logUrl":"loki:3100","prometheusUrl":"http://p:9090"}`, backend.HealthStatusError, []string{`"loki:3100" is not an http(s) URL`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := newTestDatasource(t, c.jsonData).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != c.status {
				t.Fatalf("status %v, want %v (%s)", res.Status, c.status, res.Message)
			}
			for _, s := range c.contains {
				if !strings.Contains(res.Message, s) {
					t.Errorf("message %q lacks %q", res.Message, s)
				}
			}
		})
	}
}

func TestInvalidSettingsJSON(t *testing.T) {
	_, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: []byte(`{`)})
	if err == nil || !strings.Contains(err.Error(), "invalid data source settings JSON") {
		t.Fatalf("want a clear settings error, got %v", err)
	}
}
