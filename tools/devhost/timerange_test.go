package main

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	cases := map[string]time.Time{
		"1699999000000": time.UnixMilli(1_699_999_000_000),
		"now":           now,
		"now-5m":        now.Add(-5 * time.Minute),
		"now-2h":        now.Add(-2 * time.Hour),
		"now-1d":        now.Add(-24 * time.Hour),
		"now-1w":        now.Add(-7 * 24 * time.Hour),
	}
	for in, want := range cases {
		got, err := parseTime(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "now+5m", "now-5y", "soon", "12abc"} {
		if _, err := parseTime(bad, now); err == nil {
			t.Errorf("parseTime(%q) should fail", bad)
		}
	}
}
