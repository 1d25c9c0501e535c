package conventions

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

type expectation struct {
	Evidence string `json:"evidence"`
	LogsQL   string `json:"logsql"`
}

type detectionCase struct {
	Name    string                  `json:"name"`
	Streams []map[string]string     `json:"streams"`
	Expect  map[string]*expectation `json:"expect"`
}

// readCases reads testdata/cases.json, which the TypeScript detection's test reads too.
func readCases(t *testing.T) []detectionCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		About string          `json:"about"`
		Cases []detectionCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

// labelsOf lists label names and each label's values as a backend's label API would.
func labelsOf(streams []map[string]string) (map[string]bool, map[string][]string) {
	names := map[string]bool{}
	values := map[string][]string{}
	seen := map[string]bool{}
	for _, s := range streams {
		for k, v := range s {
			names[k] = true
			if !seen[k+"\x00"+v] {
				seen[k+"\x00"+v] = true
				values[k] = append(values[k], v)
			}
		}
	}
	return names, values
}

func TestSharedCases(t *testing.T) {
	for _, c := range readCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			names, values := labelsOf(c.Streams)
			best := Best(Default().Candidates(names, values))
			for _, src := range Sources {
				want, listed := c.Expect[src]
				if !listed {
					t.Fatalf("case lists no expectation for %s (null for none)", src)
				}
				got, found := best[src]
				switch {
				case want == nil && found:
					t.Errorf("%s: found by %s, want none", src, got.Evidence())
				case want != nil && !found:
					t.Errorf("%s: none found, want %s", src, want.Evidence)
				case want != nil && (got.Evidence() != want.Evidence || got.LogsQL() != want.LogsQL):
					t.Errorf("%s: evidence %s, filter %s\nwant evidence %s, filter %s", src, got.Evidence(), got.LogsQL(), want.Evidence, want.LogsQL)
				}
			}
		})
	}
}

func TestEveryShipperHasItsCase(t *testing.T) {
	byName := map[string]detectionCase{}
	for _, c := range readCases(t) {
		byName[c.Name] = c
	}
	for _, s := range Default().Shippers {
		c, ok := byName["shipper "+s.ID]
		if !ok {
			t.Errorf("no case %q", "shipper "+s.ID)
			continue
		}
		var examples []map[string]string
		for _, e := range s.Examples {
			examples = append(examples, e.Labels)
		}
		if !reflect.DeepEqual(examples, c.Streams) {
			t.Errorf("case %q streams %v, want the shipper's examples %v", c.Name, c.Streams, examples)
		}
	}
}

func TestTableCoversEverySourceAndShipper(t *testing.T) {
	tab := Default()
	used := map[string]bool{}
	sources := map[string]bool{}
	for _, r := range tab.Rules {
		sources[r.Source] = true
		for _, s := range r.Shippers {
			used[s] = true
		}
	}
	for _, s := range Sources {
		if !sources[s] {
			t.Errorf("no rule for %s", s)
		}
	}
	for _, s := range tab.Shippers {
		if !used[s.ID] {
			t.Errorf("shipper %s is named by no rule", s.ID)
		}
		if len(s.Examples) != len(Sources) {
			t.Errorf("shipper %s: %d examples, want one per source", s.ID, len(s.Examples))
		}
	}
	for _, p := range []string{"nearform", "k8s-monitoring", "journald", "falcosidekick"} {
		found := false
		for _, s := range tab.Shippers {
			found = found || s.Profile == p
		}
		if !found {
			t.Errorf("no shipper for the simulator profile %s", p)
		}
	}
}

func TestParseRefusesBadTables(t *testing.T) {
	rule := func(r string) string {
		return `{"about":"","lineMarkers":{},"shippers":[{"id":"s","name":"S","about":"","examples":[]}],"rules":[` + r + `]}`
	}
	for _, c := range []struct{ table, want string }{
		{rule(`{"source":"dns","label":"job","values":["x"],"weight":0.5,"shippers":["s"],"why":"w"}`), "unknown source"},
		{rule(`{"source":"audit","label":"job","values":["x"],"pattern":"x","weight":0.5,"shippers":["s"],"why":"w"}`), "exactly one of"},
		{rule(`{"source":"audit","label":"job","pattern":"(","weight":0.5,"shippers":["s"],"why":"w"}`), "pattern"},
		{rule(`{"source":"audit","label":"a.b","values":["x"],"weight":0.5,"shippers":["s"],"why":"w"}`), "not a label name"},
		{rule(`{"source":"audit","label":"job","values":["x"],"weight":1.5,"shippers":["s"],"why":"w"}`), "weight"},
		{rule(`{"source":"audit","label":"job","values":["x"],"weight":0.5,"shippers":["t"],"why":"w"}`), "unknown shipper"},
		{rule(`{"source":"audit","label":"job","values":["x"],"weight":0.5,"shippers":["s"],"why":"w","extra":1}`), "unknown field"},
	} {
		if _, err := Parse([]byte(c.table)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error with %q", c.table, err, c.want)
		}
	}
}

func TestValueLabels(t *testing.T) {
	got := strings.Join(Default().ValueLabels(), ",")
	for _, want := range []string{"job", "container", "namespace", "transport", "syslog_identifier", "k8s_container_name"} {
		if !strings.Contains(","+got+",", ","+want+",") {
			t.Errorf("value labels %s lack %s", got, want)
		}
	}
	if strings.Contains(","+got+",", ",rule,") {
		t.Errorf("rule is tested for presence only, yet listed: %s", got)
	}
}
