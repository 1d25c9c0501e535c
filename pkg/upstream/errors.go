package upstream

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// maxErrorBody bounds how much of an error response is read for its message.
const maxErrorBody = 64 << 10

// Error is a failed call to an upstream. Its text names the upstream and carries the
// upstream's own message.
type Error struct {
	Upstream string
	// Status is the upstream's HTTP status, 0 when no response arrived.
	Status  int
	Message string
	Timeout bool
	// Plugin marks failures caused by Vigil itself rather than the upstream or the query.
	Plugin bool
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s returned HTTP %d: %s", e.Upstream, e.Status, e.Message)
	}
	return fmt.Sprintf("%s request failed: %s", e.Upstream, e.Message)
}

// Source says whose fault the error is, for Grafana's error source: the upstream or the
// query (downstream) unless Vigil itself misbehaved.
func (e *Error) Source() backend.ErrorSource {
	if e.Plugin {
		return backend.ErrorSourcePlugin
	}
	return backend.ErrorSourceDownstream
}

// ResponseStatus is the status Grafana should show for the failed query.
func (e *Error) ResponseStatus() backend.Status {
	switch {
	case e.Timeout:
		return backend.StatusTimeout
	case e.Status == http.StatusUnauthorized:
		return backend.StatusUnauthorized
	case e.Status == http.StatusForbidden:
		return backend.StatusForbidden
	case e.Status == http.StatusNotFound:
		return backend.StatusNotFound
	case e.Status == http.StatusTooManyRequests:
		return backend.StatusTooManyRequests
	case e.Status >= 400 && e.Status < 500:
		return backend.StatusBadRequest
	case e.Plugin:
		return backend.StatusInternal
	default:
		return backend.StatusBadGateway
	}
}

func (c *Client) statusError(resp *http.Response) error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return &Error{Upstream: c.cfg.Name, Status: resp.StatusCode, Message: c.Redact(ErrorMessage(raw, resp.Status))}
}

// ErrorMessage extracts the message from an error body: Prometheus' and VictoriaLogs'
// `{"status":"error","error":"..."}`, `{"message":"..."}`, or plain text as Loki and
// VictoriaLogs send it. An empty body falls back to the HTTP status text.
func ErrorMessage(body []byte, fallback string) string {
	text := strings.TrimSpace(string(body))
	if strings.HasPrefix(text, "{") {
		var v struct {
			Error     string `json:"error"`
			ErrorType string `json:"errorType"`
			Message   string `json:"message"`
		}
		if json.Unmarshal(body, &v) == nil {
			switch {
			case v.Error != "":
				return v.Error
			case v.Message != "":
				return v.Message
			}
		}
	}
	if text == "" {
		return fallback
	}
	const maxLen = 2000
	if len(text) > maxLen {
		text = text[:maxLen] + "…"
	}
	return text
}
