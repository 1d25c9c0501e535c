package victorialogs

import (
	"testing"
	"time"
)

func TestParams(t *testing.T) {
	start := time.Date(2024, 1, 2, 3, 4, 5, 600000000, time.FixedZone("x", 3600))
	q := QueryParams(`{job="auditlog"}`, start, start.Add(time.Hour), 50)
	if q.Get("start") != "2024-01-02T02:04:05.6Z" || q.Get("end") != "2024-01-02T03:04:05.6Z" || q.Get("limit") != "50" {
		t.Fatalf("query params %v", q)
	}
	s := StatsQueryRangeParams("* | stats count()", start, start.Add(time.Hour), 90*time.Second)
	if s.Get("step") != "90s" {
		t.Fatalf("step %q", s.Get("step"))
	}
	cases := map[time.Duration]string{time.Second: "1s", 1500 * time.Millisecond: "1500ms", time.Hour: "3600s"}
	for d, want := range cases {
		if got := Step(d); got != want {
			t.Errorf("Step(%s) = %q, want %q", d, got, want)
		}
	}
}
