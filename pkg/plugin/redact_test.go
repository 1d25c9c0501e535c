package plugin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vigil/k8ssecurity/pkg/upstream"
)

// secretCore is in the secret and in every form of it but base64 and full escaping, so
// a form the table does not name still shows up as a leak.
const secretCore = "Zq7Xk9"

// secret has characters that each encoding writes differently.
const secret = secretCore + ` p@ss/w"rd\&<é>:+%😀`

// credential is what an upstream received: the secret, the user sent with it, and the
// header that carried it as sent.
type credential struct{ user, secret, header string }

// secretForms are the encodings of a credential an upstream may echo.
var secretForms = []struct {
	name   string
	encode func(c credential) string
}{
	{"raw", func(c credential) string { return c.secret }},
	{"header as sent (Basic base64 of user:password, Bearer token, custom value)", func(c credential) string { return c.header }},
	{"base64 of user:password", func(c credential) string {
		if c.user == "" { // not basic auth: nothing sends this form
			return c.header
		}
		return base64.StdEncoding.EncodeToString([]byte(c.user + ":" + c.secret))
	}},
	{"query-escaped", func(c credential) string { return url.QueryEscape(c.secret) }},
	{"path-escaped", func(c credential) string { return url.PathEscape(c.secret) }},
	{"percent-encoded, every byte, lower-case hex", func(c credential) string {
		var b strings.Builder
		for _, x := range []byte(c.secret) {
			fmt.Fprintf(&b, "%%%02x", x)
		}
		return b.String()
	}},
	{"URL userinfo", func(c credential) string {
		return (&url.URL{Scheme: "https", User: url.UserPassword(c.user, c.secret), Host: "logs.example"}).String()
	}},
	{"JSON-escaped", func(c credential) string {
		b, _ := json.Marshal(c.secret)
		return string(b[1 : len(b)-1])
	}},
	{"JSON-escaped, ASCII only", func(c credential) string {
		var b strings.Builder
		for _, u := range utf16.Encode([]rune(c.secret)) {
			if u < 0x80 && u >= 0x20 && u != '"' && u != '\\' {
				b.WriteByte(byte(u))
			} else {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		}
		return b.String()
	}},
	{"Go-quoted", func(c credential) string {
		q := strconv.Quote(c.secret)
		return q[1 : len(q)-1]
	}},
}

// secretKinds are the secrets a data source holds, each with the settings that configure
// it and how an upstream recovers it from the request.
var secretKinds = []struct {
	name     string
	jsonData func(srvURL string) map[string]any
	secure   map[string]string
	received func(r *http.Request) credential
}{
	{"basic auth password", func(u string) map[string]any {
		return map[string]any{"logUrl": u, "logAuthType": "basic", "logBasicAuthUser": "vigil"}
	}, map[string]string{SecretLogPassword: secret}, basicReceived},
	{"bearer token", func(u string) map[string]any { return map[string]any{"logUrl": u, "logAuthType": "bearer"} },
		map[string]string{SecretLogToken: secret}, func(r *http.Request) credential {
			h := r.Header.Get("Authorization")
			return credential{secret: strings.TrimPrefix(h, "Bearer "), header: h}
		}},
	{"custom header value", func(u string) map[string]any { return map[string]any{"logUrl": u, "httpHeaderName1": "X-Api-Key"} },
		map[string]string{"httpHeaderValue1": secret}, func(r *http.Request) credential {
			h := r.Header.Get("X-Api-Key")
			return credential{secret: h, header: h}
		}},
	{"URL userinfo password", func(u string) map[string]any {
		return map[string]any{"logUrl": strings.Replace(u, "://", "://"+url.UserPassword("vigil", secret).String()+"@", 1)}
	}, nil, basicReceived},
}

func basicReceived(r *http.Request) credential {
	user, pass, _ := r.BasicAuth()
	return credential{user: user, secret: pass, header: r.Header.Get("Authorization")}
}

// leakSites are the ways an upstream's answer reaches the user: how the upstream answers
// (echoing text) and what Grafana then shows.
var leakSites = []struct {
	name string
	// answer makes the upstream's reply carry echo.
	answer func(w http.ResponseWriter, echo string)
	// shown is the text Grafana shows; survives is the upstream's text around the echo.
	shown func(t *testing.T, d *Datasource) string
	// survives is the upstream's text around the echo, in the order shown.
	survives []string
}{
	{"query: HTTP error body", func(w http.ResponseWriter, echo string) {
		http.Error(w, "parse error near "+echo+" at line 1", http.StatusBadRequest)
	}, queryError, []string{"parse error near ", upstream.Redacted, " at line 1"}},
	{"query: error in a 200 body", func(w http.ResponseWriter, echo string) {
		b, _ := json.Marshal(map[string]string{"status": "error", "error": "parse error near " + echo + " at line 1"})
		_, _ = w.Write(b)
	}, queryError, []string{"parse error near ", upstream.Redacted, " at line 1"}},
	{"query: connection error naming the URL", func(w http.ResponseWriter, echo string) {
		w.Header().Set("Location", "%zz/?near="+echo)
		w.WriteHeader(http.StatusFound)
	}, queryError, []string{`failed to parse Location header "%zz/?near=`, upstream.Redacted, `": parse`}},
	{"health message", func(w http.ResponseWriter, echo string) {
		http.Error(w, "no querier for "+echo+" at line 1", http.StatusServiceUnavailable)
	}, func(t *testing.T, d *Datasource) string { return checkHealth(t, d).Message }, []string{"Loki failed: Loki returned HTTP 503: no querier for ", upstream.Redacted, " at line 1"}},
	{"health details", func(w http.ResponseWriter, echo string) {
		http.Error(w, "no querier for "+echo+" at line 1", http.StatusServiceUnavailable)
	}, func(t *testing.T, d *Datasource) string { return string(checkHealth(t, d).JSONDetails) }, []string{"Loki returned HTTP 503: no querier for ", upstream.Redacted, " at line 1"}},
	{"labels resource", func(w http.ResponseWriter, echo string) {
		http.Error(w, "labels unavailable for "+echo+" at line 1", http.StatusInternalServerError)
	}, labelsResource, []string{"Loki returned HTTP 500: labels unavailable for ", upstream.Redacted, " at line 1"}},
}

func queryError(t *testing.T, d *Datasource) string {
	t.Helper()
	now := time.Now()
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: []byte(`{"queryType":"logs","language":"logql","expr":"{job=\"auditlog\"}"}`),
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Responses["A"].Error == nil {
		t.Fatal("the query did not fail")
	}
	return resp.Responses["A"].Error.Error()
}

func checkHealth(t *testing.T, d *Datasource) *backend.CheckHealthResult {
	t.Helper()
	res, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// labelsResource is the resource's body and, decoded, the message the editor shows.
func labelsResource(t *testing.T, d *Datasource) string {
	t.Helper()
	var got *backend.CallResourceResponse
	err := d.CallResource(context.Background(), &backend.CallResourceRequest{Path: "labels", URL: "labels"},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil }))
	if err != nil || got == nil {
		t.Fatalf("labels resource: %v", err)
	}
	var body struct{ Message string }
	_ = json.Unmarshal(got.Body, &body)
	return body.Message + "\n" + string(got.Body)
}

// Every secret, echoed by the upstream in every form at every place an upstream's text
// reaches the user, is gone from what Grafana shows, and the rest of the text is kept.
func TestSecretsAreRedactedInEveryForm(t *testing.T) {
	for _, site := range leakSites {
		for _, kind := range secretKinds {
			for _, form := range secretForms {
				t.Run(site.name+"/"+kind.name+"/"+form.name, func(t *testing.T) {
					var cred credential
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						cred = kind.received(r)
						if cred.secret != secret {
							http.Error(w, "the credential did not arrive", http.StatusTeapot)
							return
						}
						site.answer(w, form.encode(cred))
					}))
					defer srv.Close()
					jsonData, _ := json.Marshal(kind.jsonData(srv.URL))
					inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: jsonData, DecryptedSecureJSONData: kind.secure})
					if err != nil {
						t.Fatal(err)
					}
					shown := site.shown(t, inst.(*Datasource))
					for _, f := range secretForms {
						if leak := f.encode(cred); strings.Contains(shown, leak) {
							t.Errorf("shows the secret %s (%s): %s", f.name, leak, shown)
						}
					}
					if strings.Contains(shown, secretCore) {
						t.Errorf("shows part of the secret: %s", shown)
					}
					if !containsInOrder(shown, site.survives) {
						t.Errorf("lost the upstream's message %q: %s", site.survives, shown)
					}
				})
			}
		}
	}
}

func containsInOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

// A log URL that does not parse, or parses without a host, is shown without its userinfo.
func TestBadURLIsShownWithoutItsPassword(t *testing.T) {
	cases := map[string]string{
		"http://vigil:" + secret + "@loki.example:3100/%zz": `log backend URL "http://loki.example:3100/%zz" is not an http(s) URL`,
		"vigil:" + secret + "@loki.example:3100":            `log backend URL "loki.example:3100" is not an http(s) URL`,
	}
	for raw, want := range cases {
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: []byte(`{"logUrl":` + strconv.Quote(raw) + `}`)})
		if err != nil {
			t.Fatal(err)
		}
		res := checkHealth(t, inst.(*Datasource))
		shown := res.Message + string(res.JSONDetails)
		if strings.Contains(shown, secretCore) || !strings.Contains(res.Message, want) {
			t.Errorf("%s: health %s", raw, shown)
		}
	}
}
