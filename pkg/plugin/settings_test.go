package plugin

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

func load(t *testing.T, jsonData string, secrets map[string]string) Settings {
	t.Helper()
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(jsonData), DecryptedSecureJSONData: secrets})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSettingsToUpstreams(t *testing.T) {
	s := load(t, `{"logBackend":"loki","logUrl":"http://loki:3100","prometheusUrl":"https://prom:9090",
		"logAuthType":"basic","logBasicAuthUser":"alice","prometheusAuthType":"bearer","tenantId":"team-a",
		"tlsSkipVerify":true,"timeoutSeconds":7,"httpHeaderName1":"X-Org","httpHeaderName2":" ","httpHeaderName3":"X-Env"}`,
		map[string]string{SecretLogPassword: "pw123", SecretPrometheusToken: "tok123", "httpHeaderValue1": "org-v", "httpHeaderValue3": "prod"})
	log := s.LogUpstream()
	if log.Name != "Loki" || log.AuthType != upstream.AuthBasic || log.User != "alice" || log.Password != "pw123" || log.Timeout != 7*time.Second || !log.TLSSkipVerify {
		t.Fatalf("log upstream %+v", log)
	}
	if log.Headers["X-Scope-OrgID"] != "team-a" || log.Headers["X-Org"] != "org-v" || log.Headers["X-Env"] != "prod" || len(log.Headers) != 3 {
		t.Fatalf("log headers %v", log.Headers)
	}
	prom := s.PrometheusUpstream()
	if prom.AuthType != upstream.AuthBearer || prom.Token != "tok123" || prom.Password != "" {
		t.Fatalf("prometheus upstream %+v", prom)
	}
	if len(s.Problems()) != 0 {
		t.Fatalf("problems %v", s.Problems())
	}
	got := strings.Join(s.Secrets(), ",")
	for _, secret := range []string{"pw123", "tok123", "org-v", "prod"} {
		if !strings.Contains(got, secret) {
			t.Errorf("secret %q not listed for redaction", secret)
		}
	}
}

func TestVictoriaLogsGetsNoTenantHeader(t *testing.T) {
	s := load(t, `{"logBackend":"victorialogs","logUrl":"http://vl:9428","tenantId":"team-a"}`, nil)
	if cfg := s.LogUpstream(); cfg.Name != "VictoriaLogs" || cfg.Headers["X-Scope-OrgID"] != "" || cfg.Timeout != upstream.DefaultTimeout {
		t.Fatalf("%+v", cfg)
	}
}

func TestSettingsProblems(t *testing.T) {
	cases := []struct{ name, jsonData, want string }{
		{"missing urls", `{}`, "log backend URL is not set; Prometheus URL is not set"},
		{"unknown backend", `{"logBackend":"elastic","logUrl":"http://l","prometheusUrl":"http://p"}`, `unknown log backend "elastic"`},
		{"bad url hides password", `{"logUrl":"ftp://u:hunter2@l","prometheusUrl":"http://p"}`, `"ftp://u:xxxxx@l" is not an http(s) URL`},
		{"unknown auth", `{"logUrl":"http://l","prometheusUrl":"http://p","prometheusAuthType":"oauth"}`, `Prometheus auth type "oauth" is unknown`},
		{"bearer without token", `{"logUrl":"http://l","prometheusUrl":"http://p","logAuthType":"bearer"}`, "log backend bearer auth is selected but no token is saved"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(load(t, c.jsonData, nil).Problems(), "; ")
			if !strings.Contains(got, c.want) || strings.Contains(got, "hunter2") {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}
