package main

import (
	"encoding/json"
	"testing"
)

// The -stream-selectors flag becomes jsonData.streamSelectors, as Grafana would send the
// data source's settings; without it jsonData has no streamSelectors key.
func TestStreamSelectorsInJSONData(t *testing.T) {
	sel, err := parseStreamSelectors(`{"falco":"{rule=~\".+\", priority=~\".+\"}"}`)
	if err != nil {
		t.Fatal(err)
	}
	d := dataSource{LogBackend: "victorialogs", StreamSelectors: sel}
	raw, err := json.Marshal(d.listItem()["jsonData"])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"logBackend":"victorialogs","logUrl":"","prometheusUrl":"","streamSelectors":{"falco":"{rule=~\".+\", priority=~\".+\"}"}}`
	if string(raw) != want {
		t.Fatalf("jsonData = %s, want %s", raw, want)
	}
	if _, ok := (dataSource{}).jsonData()["streamSelectors"]; ok {
		t.Fatal("streamSelectors set without the flag")
	}
	if _, err := parseStreamSelectors(`{"falco":`); err == nil {
		t.Fatal("bad JSON accepted")
	}
}
