package plugin

import (
	"encoding/json"
	"fmt"
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

func TestVictoriaLogsLayoutSettings(t *testing.T) {
	const base = `"logBackend":"victorialogs","logUrl":"http://vl:9428","prometheusUrl":"http://p:9090"`
	cases := []struct {
		name, layout string
		want         map[string]string
		problems     []string
	}{
		{"absent: every source detected", ``, map[string]string{}, nil},
		{"null", `,"victoriaLogsLayout":null`, map[string]string{}, nil},
		{"both layouts", `,"victoriaLogsLayout":{"audit":"native","coredns":"verbatim","netfilter":"verbatim","falco":"native"}`,
			map[string]string{"audit": "native", "coredns": "verbatim", "netfilter": "verbatim", "falco": "native"}, nil},
		{"empty value means detect", `,"victoriaLogsLayout":{"audit":"","falco":"native"}`, map[string]string{"falco": "native"}, nil},
		{"bad value named with its field", `,"victoriaLogsLayout":{"audit":"fields","falco":"native"}`, map[string]string{"falco": "native"},
			[]string{`victoriaLogsLayout.audit is "fields" (use "native", "verbatim", or leave it out to detect it)`}},
		{"wrong type", `,"victoriaLogsLayout":{"coredns":1}`, map[string]string{},
			[]string{`victoriaLogsLayout.coredns is 1 (use "native", "verbatim"`}},
		{"unknown source", `,"victoriaLogsLayout":{"dns":"native"}`, map[string]string{},
			[]string{"victoriaLogsLayout.dns: unknown source (use audit, coredns, netfilter, falco)"}},
		{"not an object", `,"victoriaLogsLayout":"native"`, map[string]string{},
			[]string{`victoriaLogsLayout must be an object such as {"audit":"native"}, not "native"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := load(t, "{"+base+c.layout+"}", nil)
			if fmt.Sprint(s.VictoriaLogsLayout) != fmt.Sprint(c.want) {
				t.Errorf("layouts %v, want %v", s.VictoriaLogsLayout, c.want)
			}
			got := s.Problems()
			if len(got) != len(c.problems) {
				t.Fatalf("problems %q, want %q", got, c.problems)
			}
			for i, p := range c.problems {
				if !strings.HasPrefix(got[i], p) {
					t.Errorf("problem %q, want it to start with %q", got[i], p)
				}
			}
		})
	}
}
