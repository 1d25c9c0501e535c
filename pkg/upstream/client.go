// Package upstream is the HTTP layer shared by the Loki, VictoriaLogs and Prometheus
// clients: auth, tenant and custom headers, TLS, timeouts, and turning every failure into
// an Error that names the upstream, carries its own message and never contains a secret.
package upstream

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Auth types a data source can use for one upstream.
const (
	AuthNone   = "none"
	AuthBasic  = "basic"
	AuthBearer = "bearer"
)

// Config describes how to reach one upstream server.
type Config struct {
	// Name is what errors and health messages call the upstream, e.g. "Loki".
	Name    string
	BaseURL string
	// AuthType is AuthNone, AuthBasic or AuthBearer.
	AuthType string
	User     string
	Password string
	Token    string
	// Headers are sent on every request (tenant header, custom headers).
	Headers map[string]string
	// TLSSkipVerify disables certificate checks; CACert (PEM) adds a trusted root.
	TLSSkipVerify bool
	CACert        string
	// Timeout bounds one request including reading the body; zero means 30 s.
	Timeout time.Duration
}

// Client sends GET requests to one upstream.
type Client struct {
	cfg     Config
	base    *url.URL
	http    *http.Client
	redact  *Redactor
	timeout time.Duration
}

// DefaultTimeout applies when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// New validates cfg and builds a client. Errors never contain secret values.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("%s URL %q is not an http(s) URL", cfg.Name, RedactURL(cfg.BaseURL))
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.TLSSkipVerify || cfg.CACert != "" {
		tc := &tls.Config{InsecureSkipVerify: cfg.TLSSkipVerify} // #nosec G402 -- the user's explicit choice
		if cfg.CACert != "" {
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM([]byte(cfg.CACert)) {
				return nil, fmt.Errorf("%s CA certificate is not valid PEM", cfg.Name)
			}
			tc.RootCAs = pool
		}
		transport.TLSClientConfig = tc
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Client{cfg: cfg, base: base, http: &http.Client{Transport: transport}, redact: NewRedactor(cfg.Secrets()), timeout: timeout}, nil
}

// Secrets lists the secrets of cfg for redaction: the password, the token, the URL's
// password, and the base64 credentials basic auth sends for a user and password (Go's
// HTTP client sends the URL's userinfo that way too).
func (c Config) Secrets() []string {
	var out []string
	for _, s := range []string{c.Password, c.Token} {
		if len(s) >= MinSecretLen {
			out = append(out, s)
		}
	}
	if c.AuthType == AuthBasic && c.Password != "" {
		out = append(out, basicAuthForms(c.User, c.Password)...)
	}
	if u, err := url.Parse(c.BaseURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			out = append(out, p)
			out = append(out, basicAuthForms(u.User.Username(), p)...)
		}
	}
	return out
}

// Close drops idle keep-alive connections; the SDK disposes instances on settings changes.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Name is the upstream's display name.
func (c *Client) Name() string { return c.cfg.Name }

// Redact removes every secret of this client from s.
func (c *Client) Redact(s string) string { return c.redact.Redact(s) }

// Response is an open 2xx response. Close it; the request's timeout covers reading Body.
type Response struct {
	Body   io.Reader
	Header http.Header
	close  func()
}

// Close releases the connection and the request's timeout.
func (r *Response) Close() { r.close() }

// Get requests path with params. A non-2xx status becomes an *Error carrying the
// upstream's message; so do connection failures and timeouts.
func (c *Client) Get(ctx context.Context, path string, params url.Values) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = params.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, &Error{Upstream: c.cfg.Name, Message: c.Redact(err.Error()), Plugin: true}
	}
	c.decorate(req)
	resp, err := c.http.Do(req)
	if err != nil {
		cancel()
		return nil, c.transportError(ctx, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer cancel()
		defer resp.Body.Close()
		return nil, c.statusError(resp)
	}
	body := &timeoutReader{r: resp.Body, ctx: ctx, c: c}
	return &Response{Body: body, Header: resp.Header, close: func() { _ = resp.Body.Close(); cancel() }}, nil
}

func (c *Client) decorate(req *http.Request) {
	for k, v := range c.cfg.Headers {
		req.Header.Set(k, v)
	}
	switch c.cfg.AuthType {
	case AuthBasic:
		req.SetBasicAuth(c.cfg.User, c.cfg.Password)
	case AuthBearer:
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	}
	req.Header.Set("Accept", "application/json")
}

func (c *Client) transportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Upstream: c.cfg.Name, Message: fmt.Sprintf("no answer within %s (timeout)", c.timeout), Timeout: true}
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Upstream: c.cfg.Name, Message: "request cancelled"}
	}
	return &Error{Upstream: c.cfg.Name, Message: c.Redact(unwrapURLError(err))}
}

// unwrapURLError drops net/http's "Get <url>:" prefix; the URL is not a secret but is noise.
func unwrapURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// timeoutReader turns a body read that hits the deadline into an upstream timeout error.
type timeoutReader struct {
	r   io.Reader
	ctx context.Context
	c   *Client
}

func (t *timeoutReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF && t.ctx.Err() != nil {
		return n, t.c.transportError(t.ctx, err)
	}
	return n, err
}
