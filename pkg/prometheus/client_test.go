package prometheus

import (
	"testing"
	"time"
)

func TestQueryParams(t *testing.T) {
	start := time.UnixMilli(1700000000250)
	p := QueryRangeParams("up", start, start.Add(time.Minute), 15*time.Second)
	want := map[string]string{"query": "up", "start": "1700000000.25", "end": "1700000060.25", "step": "15"}
	for k, v := range want {
		if p.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, p.Get(k), v)
		}
	}
	if got := QueryParams("up", start).Get("time"); got != "1700000000.25" {
		t.Errorf("time = %q", got)
	}
}
