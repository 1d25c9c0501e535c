// Package conventions holds the stream label conventions Vigil recognises each source by,
// from conventions.json: the one table the health check (pkg/plugin) and the Configuration
// page's stream detection (src/sources/detect) both read, so the two cannot give different
// answers for the same labels. Detection here uses labels only; the page then confirms its
// candidates by parsing sampled lines.
package conventions

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed conventions.json
var tableJSON []byte

// Sources are the sources the table covers, in Vigil's order.
var Sources = []string{"audit", "coredns", "netfilter", "falco"}

// Narrow is a matcher added to a rule's selector when its label has that value somewhere.
type Narrow struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Rule is one label convention of one source.
type Rule struct {
	Source string `json:"source"`
	Label  string `json:"label"`
	// Values are exact values; Pattern a regular expression on the value (IgnoreCase for
	// case-insensitive), Exclude one that rules a value out; Presence matches the label
	// being there at all, with every label in Requires.
	Values     []string `json:"values,omitempty"`
	Pattern    string   `json:"pattern,omitempty"`
	IgnoreCase bool     `json:"ignoreCase,omitempty"`
	Exclude    string   `json:"exclude,omitempty"`
	Presence   bool     `json:"presence,omitempty"`
	Requires   []string `json:"requires,omitempty"`
	Narrow     []Narrow `json:"narrow,omitempty"`
	// Weight is the prior confidence 0–1; the best rule of a source has the highest.
	Weight float64 `json:"weight"`
	// Shippers are the ids of the shippers whose labels the rule recognises.
	Shippers []string `json:"shippers"`
	Why      string   `json:"why"`

	pattern, exclude *regexp.Regexp
}

// Example is a label set a shipper gives one source's streams.
type Example struct {
	Source string            `json:"source"`
	Labels map[string]string `json:"labels"`
}

// Shipper is a log shipper (or a layout of one) and the labels it produces.
type Shipper struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Profile is the simulator profile that reproduces the shipper, if any.
	Profile  string    `json:"profile,omitempty"`
	About    string    `json:"about"`
	Examples []Example `json:"examples"`
}

// Table is conventions.json.
type Table struct {
	About       string            `json:"about"`
	LineMarkers map[string]string `json:"lineMarkers"`
	Shippers    []Shipper         `json:"shippers"`
	Rules       []Rule            `json:"rules"`
}

var defaultTable = func() *Table {
	t, err := Parse(tableJSON)
	if err != nil {
		panic("pkg/conventions/conventions.json: " + err.Error())
	}
	return t
}()

// Default is the embedded table.
func Default() *Table { return defaultTable }

var labelName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Parse reads and checks a table: known sources and shippers, valid label names, one way
// of matching per rule, patterns that compile, weights in (0, 1].
func Parse(data []byte) (*Table, error) {
	var t Table
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	sources := map[string]bool{}
	for _, s := range Sources {
		sources[s] = true
	}
	shippers := map[string]bool{}
	for _, s := range t.Shippers {
		if s.ID == "" || shippers[s.ID] {
			return nil, fmt.Errorf("shipper id %q is empty or repeated", s.ID)
		}
		shippers[s.ID] = true
		for _, ex := range s.Examples {
			if !sources[ex.Source] {
				return nil, fmt.Errorf("shipper %s: example of unknown source %q", s.ID, ex.Source)
			}
		}
	}
	for src := range t.LineMarkers {
		if !sources[src] {
			return nil, fmt.Errorf("line marker of unknown source %q", src)
		}
	}
	for i := range t.Rules {
		r := &t.Rules[i]
		where := fmt.Sprintf("rule %d (%s %s)", i, r.Source, r.Label)
		if !sources[r.Source] {
			return nil, fmt.Errorf("%s: unknown source", where)
		}
		for _, l := range append(append([]string{r.Label}, r.Requires...), narrowLabels(r.Narrow)...) {
			if !labelName.MatchString(l) {
				return nil, fmt.Errorf("%s: %q is not a label name", where, l)
			}
		}
		ways := 0
		for _, set := range []bool{len(r.Values) > 0, r.Pattern != "", r.Presence} {
			if set {
				ways++
			}
		}
		if ways != 1 {
			return nil, fmt.Errorf("%s: needs exactly one of values, pattern and presence", where)
		}
		if r.Weight <= 0 || r.Weight > 1 {
			return nil, fmt.Errorf("%s: weight %v is not in (0, 1]", where, r.Weight)
		}
		if len(r.Shippers) == 0 || r.Why == "" {
			return nil, fmt.Errorf("%s: needs shippers and why", where)
		}
		for _, s := range r.Shippers {
			if !shippers[s] {
				return nil, fmt.Errorf("%s: unknown shipper %q", where, s)
			}
		}
		var err error
		if r.Pattern != "" {
			flags := ""
			if r.IgnoreCase {
				flags = "(?i)"
			}
			if r.pattern, err = regexp.Compile(flags + r.Pattern); err != nil {
				return nil, fmt.Errorf("%s: pattern: %w", where, err)
			}
		}
		if r.Exclude != "" {
			if r.exclude, err = regexp.Compile("(?i)" + r.Exclude); err != nil {
				return nil, fmt.Errorf("%s: exclude: %w", where, err)
			}
		}
	}
	return &t, nil
}

func narrowLabels(ns []Narrow) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.Label)
	}
	return out
}

// Matches reports whether one value of the rule's label matches (presence rules match none:
// they test names only).
func (r *Rule) Matches(value string) bool {
	if r.exclude != nil && r.exclude.MatchString(value) {
		return false
	}
	if r.pattern != nil {
		return r.pattern.MatchString(value)
	}
	for _, v := range r.Values {
		if v == value {
			return true
		}
	}
	return false
}

// ValueLabels are the labels whose values detection reads: every rule's label but those
// only tested for presence, and every narrowing label; sorted.
func (t *Table) ValueLabels() []string {
	seen := map[string]bool{}
	for _, r := range t.Rules {
		if !r.Presence {
			seen[r.Label] = true
		}
		for _, n := range r.Narrow {
			seen[n.Label] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Matcher is one label matcher of a selector: op is = or =~.
type Matcher struct {
	Label string `json:"label"`
	Op    string `json:"op"`
	Value string `json:"value"`
}

// Candidate is a selector one rule proposes for a source.
type Candidate struct {
	Source   string
	Matchers []Matcher
	// Contains is a substring every line of the source carries (netfilter's SRC=), which
	// picks the source's lines out of mixed streams such as journals.
	Contains string
	Weight   float64
	Why      string
	Shippers []string
}

// Evidence names the labels that matched: `job="auditlog"`, `rule=~".+", priority=~".+"`.
func (c Candidate) Evidence() string {
	parts := make([]string, 0, len(c.Matchers))
	for _, m := range c.Matchers {
		parts = append(parts, m.Label+m.Op+strconv.Quote(m.Value))
	}
	return strings.Join(parts, ", ")
}

// LogsQL is the candidate's VictoriaLogs filter: the stream filter, and the line marker as
// a regexp filter on _msg (labels pushed through the Loki API are stream fields).
func (c Candidate) LogsQL() string {
	parts := make([]string, 0, len(c.Matchers))
	for _, m := range c.Matchers {
		parts = append(parts, m.Label+m.Op+strconv.Quote(m.Value))
	}
	q := "{" + strings.Join(parts, ",") + "}"
	if c.Contains != "" {
		q += " ~" + strconv.Quote(regexp.QuoteMeta(c.Contains))
	}
	return q
}

// Candidates are every selector the label names and values allow, in table order, each
// rule's values in sorted order. values holds the values of the labels detection reads
// (ValueLabels) that exist.
func (t *Table) Candidates(names map[string]bool, values map[string][]string) []Candidate {
	var out []Candidate
	has := func(label, value string) bool {
		for _, v := range values[label] {
			if v == value {
				return true
			}
		}
		return false
	}
	for i := range t.Rules {
		r := &t.Rules[i]
		if !names[r.Label] {
			continue
		}
		missing := false
		for _, l := range r.Requires {
			missing = missing || !names[l]
		}
		if missing {
			continue
		}
		base := Candidate{Source: r.Source, Contains: t.LineMarkers[r.Source], Weight: r.Weight, Why: r.Why, Shippers: r.Shippers}
		if r.Presence {
			c := base
			for _, l := range append([]string{r.Label}, r.Requires...) {
				c.Matchers = append(c.Matchers, Matcher{Label: l, Op: "=~", Value: ".+"})
			}
			out = append(out, c)
			continue
		}
		vals := append([]string(nil), values[r.Label]...)
		sort.Strings(vals)
		for _, v := range vals {
			if !r.Matches(v) {
				continue
			}
			c := base
			c.Matchers = []Matcher{{Label: r.Label, Op: "=", Value: v}}
			for _, n := range r.Narrow {
				if names[n.Label] && has(n.Label, n.Value) {
					c.Matchers = append(c.Matchers, Matcher{Label: n.Label, Op: "=", Value: n.Value})
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// Best is each source's best candidate: the highest weight, the earliest on a tie.
// Sources without one are absent.
func Best(candidates []Candidate) map[string]Candidate {
	out := map[string]Candidate{}
	for _, c := range candidates {
		if best, ok := out[c.Source]; !ok || c.Weight > best.Weight {
			out[c.Source] = c
		}
	}
	return out
}
