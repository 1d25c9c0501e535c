package loki

import (
	"testing"
	"time"
)

func TestQueryParams(t *testing.T) {
	start := time.Unix(1700000000, 5)
	end := start.Add(time.Hour)
	cases := []struct {
		name string
		got  map[string][]string
		want map[string]string
	}{
		{"range with step", QueryRangeParams(`{job="auditlog"}`, start, end, 1500*time.Millisecond, 100), map[string]string{
			"query": `{job="auditlog"}`, "start": "1700000000000000005", "end": "1700003600000000005", "limit": "100", "direction": "backward", "step": "1.5"}},
		{"range without step", QueryRangeParams("x", start, end, 0, 1), map[string]string{"step": ""}},
		{"instant", QueryParams("count_over_time({a=\"b\"}[5m])", end, 10), map[string]string{"time": "1700003600000000005", "limit": "10"}},
	}
	for _, c := range cases {
		for k, v := range c.want {
			got := ""
			if len(c.got[k]) > 0 {
				got = c.got[k][0]
			}
			if got != v {
				t.Errorf("%s: %s = %q, want %q", c.name, k, got, v)
			}
		}
	}
}
