package plugin

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/upstream"
	"github.com/vigil/k8ssecurity/pkg/victorialogs"
)

// Log backends Vigil can query.
const (
	LogBackendLoki         = "loki"
	LogBackendVictoriaLogs = "victorialogs"
)

// TenantHeader is the multi-tenancy header of Loki, Mimir and Cortex.
const TenantHeader = "X-Scope-OrgID"

// Settings is the parsed jsonData of a Vigil data source plus its decrypted secrets.
// Field names mirror VigilDataSourceOptions in src/datasource/types.ts.
type Settings struct {
	LogBackend    string `json:"logBackend"`
	LogURL        string `json:"logUrl"`
	PrometheusURL string `json:"prometheusUrl"`
	// LogAuthType and PrometheusAuthType: none, basic or bearer (secrets in secureJsonData).
	LogAuthType        string `json:"logAuthType"`
	LogBasicAuthUser   string `json:"logBasicAuthUser"`
	PrometheusAuthType string `json:"prometheusAuthType"`
	PrometheusAuthUser string `json:"prometheusBasicAuthUser"`
	TenantID           string `json:"tenantId"`
	TLSSkipVerify      bool   `json:"tlsSkipVerify"`
	TimeoutSeconds     int    `json:"timeoutSeconds"`
	// HTTPHeaderNames maps N of httpHeaderNameN to the header name.
	HTTPHeaderNames map[int]string `json:"-"`
	// VictoriaLogsLayout maps a source id (see SourceIDs) to how VictoriaLogs holds its
	// events, from jsonData victoriaLogsLayout ({"audit":"native","coredns":"verbatim"}):
	// LayoutNative or LayoutVerbatim. A source left out is detected by the health check.
	VictoriaLogsLayout map[string]string `json:"-"`
	secrets            map[string]string
	// problems found while loading (bad victoriaLogsLayout entries).
	problems []string
}

// SourceIDs are the security sources Vigil reads, as settings and health details name them.
var SourceIDs = []string{"audit", "coredns", "netfilter", "falco"}

// Layouts of a source's events on VictoriaLogs (jsonData victoriaLogsLayout values).
const (
	// LayoutNative: the event split into fields at ingestion, VictoriaLogs' default.
	LayoutNative = victorialogs.LayoutNative
	// LayoutVerbatim: the line kept in _msg, as with disable_message_parsing=1.
	LayoutVerbatim = victorialogs.LayoutVerbatim
)

// layoutKey is the jsonData key of the per-source VictoriaLogs layouts.
const layoutKey = "victoriaLogsLayout"

// Secret keys in secureJsonData.
const (
	SecretLogPassword        = "logBasicAuthPassword"
	SecretLogToken           = "logBearerToken"
	SecretPrometheusPassword = "prometheusBasicAuthPassword"
	SecretPrometheusToken    = "prometheusBearerToken"
	SecretCACert             = "tlsCACert"
	// Custom header N has its name in jsonData httpHeaderNameN and value in secureJsonData httpHeaderValueN.
	headerNamePrefix  = "httpHeaderName"
	headerValuePrefix = "httpHeaderValue"
)

// LoadSettings parses the instance settings Grafana sends. Bad JSON is an error;
// missing values are not (CheckHealth reports them), so a new data source still loads.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	raw := map[string]any{}
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return Settings{}, fmt.Errorf("invalid data source settings JSON: %w", err)
		}
		_ = json.Unmarshal(s.JSONData, &raw)
	}
	if out.LogBackend == "" {
		out.LogBackend = LogBackendLoki
	}
	out.HTTPHeaderNames = map[int]string{}
	for k, v := range raw {
		n, ok := strings.CutPrefix(k, headerNamePrefix)
		name, isString := v.(string)
		idx, err := strconv.Atoi(n)
		if !ok || err != nil || !isString || strings.TrimSpace(name) == "" {
			continue
		}
		out.HTTPHeaderNames[idx] = strings.TrimSpace(name)
	}
	out.VictoriaLogsLayout, out.problems = parseLayouts(raw[layoutKey])
	out.secrets = s.DecryptedSecureJSONData
	return out, nil
}

// parseLayouts reads jsonData victoriaLogsLayout, keeping the valid entries and naming
// each invalid one. An empty value means "detect", as an absent one does.
func parseLayouts(v any) (map[string]string, []string) {
	out := map[string]string{}
	if v == nil {
		return out, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return out, []string{fmt.Sprintf(`%s must be an object such as {"audit":%q}, not %s`, layoutKey, LayoutNative, jsonText(v))}
	}
	var problems []string
	for _, id := range sortedKeys(obj) {
		if !slices.Contains(SourceIDs, id) {
			problems = append(problems, fmt.Sprintf("%s.%s: unknown source (use %s)", layoutKey, id, strings.Join(SourceIDs, ", ")))
			continue
		}
		switch layout := obj[id]; layout {
		case LayoutNative, LayoutVerbatim:
			out[id] = layout.(string)
		case "", nil:
		default:
			problems = append(problems, fmt.Sprintf("%s.%s is %s (use %q, %q, or leave it out to detect it)", layoutKey, id, jsonText(layout), LayoutNative, LayoutVerbatim))
		}
	}
	return out, problems
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Timeout is the per-request timeout.
func (s Settings) Timeout() time.Duration {
	if s.TimeoutSeconds <= 0 {
		return upstream.DefaultTimeout
	}
	return time.Duration(s.TimeoutSeconds) * time.Second
}

func (s Settings) headers(withTenant bool) map[string]string {
	h := map[string]string{}
	idx := make([]int, 0, len(s.HTTPHeaderNames))
	for i := range s.HTTPHeaderNames {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		h[s.HTTPHeaderNames[i]] = s.secrets[headerValuePrefix+strconv.Itoa(i)]
	}
	if withTenant && s.TenantID != "" {
		h[TenantHeader] = s.TenantID
	}
	return h
}

// LogUpstream is the HTTP configuration of the log backend.
func (s Settings) LogUpstream() upstream.Config {
	name := "Loki"
	if s.LogBackend == LogBackendVictoriaLogs {
		name = "VictoriaLogs"
	}
	return upstream.Config{
		Name: name, BaseURL: s.LogURL, AuthType: authType(s.LogAuthType),
		User: s.LogBasicAuthUser, Password: s.secrets[SecretLogPassword], Token: s.secrets[SecretLogToken],
		Headers: s.headers(s.LogBackend == LogBackendLoki), TLSSkipVerify: s.TLSSkipVerify,
		CACert: s.secrets[SecretCACert], Timeout: s.Timeout(),
	}
}

// PrometheusUpstream is the HTTP configuration of Prometheus.
func (s Settings) PrometheusUpstream() upstream.Config {
	return upstream.Config{
		Name: "Prometheus", BaseURL: s.PrometheusURL, AuthType: authType(s.PrometheusAuthType),
		User: s.PrometheusAuthUser, Password: s.secrets[SecretPrometheusPassword], Token: s.secrets[SecretPrometheusToken],
		Headers: s.headers(true), TLSSkipVerify: s.TLSSkipVerify, CACert: s.secrets[SecretCACert], Timeout: s.Timeout(),
	}
}

func authType(t string) string {
	if t == "" {
		return upstream.AuthNone
	}
	return t
}

// Secrets lists every decrypted secret value and the forms the upstreams derive from
// them (basic auth's base64, the URLs' passwords), so that any text leaving the plugin
// can be scrubbed of them (upstream.Redactor).
func (s Settings) Secrets() []string {
	out := []string{}
	for _, v := range s.secrets {
		if len(v) >= upstream.MinSecretLen {
			out = append(out, v)
		}
	}
	out = append(out, s.LogUpstream().Secrets()...)
	return append(out, s.PrometheusUpstream().Secrets()...)
}

// Problems lists what stops the data source from querying, in words a user can act on.
func (s Settings) Problems() []string {
	p := slices.Clone(s.problems)
	switch s.LogBackend {
	case LogBackendLoki, LogBackendVictoriaLogs:
	default:
		p = append(p, fmt.Sprintf("unknown log backend %q (use %q or %q)", s.LogBackend, LogBackendLoki, LogBackendVictoriaLogs))
	}
	if err := checkURL(s.LogURL); err != nil {
		p = append(p, "log backend URL "+err.Error())
	}
	if err := checkURL(s.PrometheusURL); err != nil {
		p = append(p, "Prometheus URL "+err.Error())
	}
	for _, a := range []struct{ what, typ string }{{"log backend", s.LogAuthType}, {"Prometheus", s.PrometheusAuthType}} {
		switch a.typ {
		case "", upstream.AuthNone, upstream.AuthBasic, upstream.AuthBearer:
		default:
			p = append(p, fmt.Sprintf("%s auth type %q is unknown (use none, basic or bearer)", a.what, a.typ))
		}
	}
	if s.LogAuthType == upstream.AuthBearer && s.secrets[SecretLogToken] == "" {
		p = append(p, "log backend bearer auth is selected but no token is saved")
	}
	if s.PrometheusAuthType == upstream.AuthBearer && s.secrets[SecretPrometheusToken] == "" {
		p = append(p, "Prometheus bearer auth is selected but no token is saved")
	}
	return p
}

func checkURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("is not set")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", upstream.RedactURL(raw))
	}
	return nil
}
