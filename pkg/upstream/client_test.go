package upstream

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestErrorMessage(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"prometheus json", `{"status":"error","errorType":"bad_data","error":"1:5: parse error"}`, "1:5: parse error"},
		{"message json", `{"message":"authentication required"}`, "authentication required"},
		{"loki plain text", "parse error at line 1, col 8: syntax error\n", "parse error at line 1, col 8: syntax error"},
		{"json without message", `{"foo":1}`, `{"foo":1}`},
		{"empty", "", "502 Bad Gateway"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ErrorMessage([]byte(c.body), "502 Bad Gateway"); got != c.want {
				t.Fatalf("got %q want %q", got, c.want)
			}
		})
	}
	long := strings.Repeat("x", 5000)
	if got := ErrorMessage([]byte(long), ""); len(got) > 2010 {
		t.Fatalf("long bodies are cut, got %d bytes", len(got))
	}
}

func TestErrorStatusAndSource(t *testing.T) {
	cases := []struct {
		err    *Error
		status backend.Status
		source backend.ErrorSource
	}{
		{&Error{Status: 400}, backend.StatusBadRequest, backend.ErrorSourceDownstream},
		{&Error{Status: 401}, backend.StatusUnauthorized, backend.ErrorSourceDownstream},
		{&Error{Status: 429}, backend.StatusTooManyRequests, backend.ErrorSourceDownstream},
		{&Error{Status: 503}, backend.StatusBadGateway, backend.ErrorSourceDownstream},
		{&Error{Timeout: true}, backend.StatusTimeout, backend.ErrorSourceDownstream},
		{&Error{Plugin: true}, backend.StatusInternal, backend.ErrorSourcePlugin},
	}
	for _, c := range cases {
		if c.err.ResponseStatus() != c.status || c.err.Source() != c.source {
			t.Errorf("%+v: %v %v", c.err, c.err.ResponseStatus(), c.err.Source())
		}
	}
}

// A hostile or careless upstream echoing credentials must not leak them into errors.
func TestSecretsNeverReachErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "denied for "+r.Header.Get("Authorization")+" "+r.Header.Get("X-Key"), http.StatusForbidden)
	}))
	defer srv.Close()
	for _, cfg := range []Config{
		{Name: "Loki", BaseURL: srv.URL, AuthType: AuthBearer, Token: "s3cr3t-token", Headers: map[string]string{"X-Key": "s3cr3t-token"}},
		{Name: "Loki", BaseURL: srv.URL, AuthType: AuthBasic, User: "u", Password: "s3cr3t-pass"},
	} {
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Get(context.Background(), "/x", nil)
		var ue *Error
		if !errors.As(err, &ue) || ue.Status != 403 {
			t.Fatalf("want a 403 upstream error, got %v", err)
		}
		if strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "Loki returned HTTP 403: denied for") {
			t.Fatalf("error %q", err)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{Name: "Loki", BaseURL: "loki:3100"}, "not an http(s) URL"},
		{Config{Name: "Loki", BaseURL: "http://u:pw-hidden@host"}, ""},
		{Config{Name: "Prometheus", BaseURL: "http://p", CACert: "not pem"}, "CA certificate is not valid PEM"},
	}
	for _, c := range cases {
		_, err := New(c.cfg)
		if c.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.cfg, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v want %q", c.cfg, err, c.want)
		}
	}
}

func TestRequestDecoration(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		_, _ = io.WriteString(w, `{"status":"success","data":["a"]}`)
	}))
	defer srv.Close()
	c, _ := New(Config{Name: "Loki", BaseURL: srv.URL + "/base/", AuthType: AuthBearer, Token: "tkn",
		Headers: map[string]string{"X-Scope-OrgID": "t1"}, Timeout: time.Second})
	var out StringList
	if err := c.GetJSON(context.Background(), "/loki/api/v1/labels", map[string][]string{"start": {"1"}}, &out); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/base/loki/api/v1/labels" || got.URL.Query().Get("start") != "1" ||
		got.Header.Get("Authorization") != "Bearer tkn" || got.Header.Get("X-Scope-OrgID") != "t1" || out.Data[0] != "a" {
		t.Fatalf("request %s %v, out %+v", got.URL, got.Header, out)
	}
}

func TestMalformedJSONIsAnUpstreamError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `<html>`)
	}))
	defer srv.Close()
	c, _ := New(Config{Name: "Prometheus", BaseURL: srv.URL})
	var out StringList
	err := c.GetJSON(context.Background(), "/api/v1/labels", nil, &out)
	if err == nil || !strings.Contains(err.Error(), "Prometheus request failed: malformed response") {
		t.Fatalf("got %v", err)
	}
}
