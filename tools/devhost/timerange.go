package main

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var relativeTime = regexp.MustCompile(`^now(?:-(\d+)([smhdw]))?$`)

var units = map[string]time.Duration{
	"s": time.Second,
	"m": time.Minute,
	"h": time.Hour,
	"d": 24 * time.Hour,
	"w": 7 * 24 * time.Hour,
}

// parseTime reads a /api/ds/query bound: epoch milliseconds as a string, or "now" with an
// optional "-<n><unit>" offset, the two forms Grafana's frontend sends.
func parseTime(raw string, now time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return time.UnixMilli(ms), nil
	}
	m := relativeTime.FindStringSubmatch(raw)
	if m == nil {
		return time.Time{}, fmt.Errorf("time %q is neither epoch milliseconds nor now-<n><s|m|h|d|w>", raw)
	}
	if m[1] == "" {
		return now, nil
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %w", raw, err)
	}
	return now.Add(-time.Duration(n) * units[m[2]]), nil
}
