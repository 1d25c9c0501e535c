package upstream

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// UnixNano formats t as Loki's integer nanoseconds.
func UnixNano(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

// UnixSeconds formats t as fractional Unix seconds, as the Prometheus API accepts.
func UnixSeconds(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'f', -1, 64)
}

// Seconds formats a step as fractional seconds (Loki and Prometheus accept it).
func Seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) }

// GetJSON requests path and decodes a small JSON body (labels, health) into v.
func (c *Client) GetJSON(ctx context.Context, path string, params url.Values, v any) error {
	resp, err := c.Get(ctx, path, params)
	if err != nil {
		return err
	}
	defer resp.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return c.Malformed(err)
	}
	return nil
}

// Malformed wraps a decoding failure of a 2xx body as an upstream error, keeping a
// transport error (timeout while reading) as it is.
func (c *Client) Malformed(err error) error {
	if ue, ok := err.(*Error); ok {
		return ue
	}
	return &Error{Upstream: c.cfg.Name, Message: c.Redact(fmt.Sprintf("malformed response: %v", err))}
}

// StringList is the `{"status":"success","data":[...]}` body of label APIs.
type StringList struct {
	Status string   `json:"status"`
	Data   []string `json:"data"`
}
