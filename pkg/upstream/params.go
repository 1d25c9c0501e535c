package upstream

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// UnixNano formats t as Loki's integer nanoseconds.
func UnixNano(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

// UnixSeconds formats t as fractional Unix seconds, as the Prometheus API accepts.
// Integer arithmetic keeps it exact (float64 cannot hold nanosecond epochs).
func UnixSeconds(t time.Time) string {
	secs, nanos := t.Unix(), t.Nanosecond()
	if nanos == 0 {
		return strconv.FormatInt(secs, 10)
	}
	frac := strings.TrimRight(fmt.Sprintf("%09d", nanos), "0")
	return strconv.FormatInt(secs, 10) + "." + frac
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
