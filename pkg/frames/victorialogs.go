package frames

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// maxLineBytes bounds one JSON line from VictoriaLogs (its own default max line is 256 KiB).
const maxLineBytes = 8 << 20

// VictoriaLogsLines converts the JSON Lines of /select/logsql/query into a log-lines frame
// (or a table). It reads one line at a time and stops reading at opts.Limit, so memory is
// bounded by the page.
//
// A row whose line VictoriaLogs kept in _msg gives that line as the body and every other
// field except _time and _stream_id as labels. A row stored as fields (no _msg, or
// VictoriaLogs' "missing _msg field" placeholder) gets its body rebuilt: one compact JSON
// object of the row's event fields, see victoriaLogsParser.
func VictoriaLogsLines(r io.Reader, opts Options) (data.Frames, error) {
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	var lastLabels json.RawMessage
	logs := NewLogsBuilder(opts.Limit)
	var table *tableBuilder
	if opts.Table {
		table = newTableBuilder()
	}
	var p victoriaLogsParser
	lineNo := 0
	for !logs.Full() && lines.Scan() {
		lineNo++
		line := bytes.TrimSpace(lines.Bytes())
		if len(line) == 0 {
			continue
		}
		row, err := p.parse(line, table != nil)
		if err != nil {
			return nil, fmt.Errorf("malformed response: line %d: %w", lineNo, err)
		}
		ts, err := time.Parse(time.RFC3339Nano, row.time)
		if err != nil {
			return nil, fmt.Errorf("malformed response: line %d: _time %q: %w", lineNo, row.time, err)
		}
		if table != nil {
			table.addLog(ts, row.body, row.fields)
		}
		// The builder keeps the labels, so they need their own copy of the reused buffer.
		logs.Add(ts, row.body, internLabels(&lastLabels, row.labels))
	}
	if err := lines.Err(); err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	if table != nil {
		return data.Frames{table.frame(opts.RefID)}, nil
	}
	return data.Frames{logs.Frame(opts.RefID)}, nil
}

// MissingMessagePrefix starts the _msg VictoriaLogs stores and returns for a row that had
// no message at ingestion, e.g. a JSON line it split into fields: "missing _msg field; see
// https://docs.victoriametrics.com/victorialogs/keyconcepts/#message-field".
const MissingMessagePrefix = "missing _msg field"

// ExtractedFieldPrefix starts the names of the fields Vigil's compiled LogsQL extracts
// (f_verb, f_objectRef.resource); on a row stored as fields they stay labels.
const ExtractedFieldPrefix = "f_"

// victoriaLogsRow is one decoded JSON line.
type victoriaLogsRow struct {
	body, time string
	// labels is a JSON object of the row's labels, copied from the line's own (already
	// escaped) bytes; it aliases the parser's buffer until the next row.
	labels []byte
	// fields is the same as a map, only built for tables.
	fields map[string]string
}

// fieldSpan locates one member of a row: the key's quoted text and the value's text.
type fieldSpan struct {
	keyStart, keyEnd, valStart, valEnd int
	// name is the unescaped key when the key has escapes; otherwise line[keyStart+1:keyEnd-1].
	name string
}

// victoriaLogsParser decodes rows, reusing its buffers and the stream label names of the
// previous row, so a page allocates little beyond the bodies it keeps.
type victoriaLogsParser struct {
	spans  []fieldSpan
	labels []byte
	body   []byte
	// stream is the last _stream value parsed (still JSON-escaped) and streamLabels its
	// labels.
	stream       []byte
	streamLabels []StreamLabel
	// rowLabels are the current row's stream labels; taken marks those whose field copy
	// the row has shown.
	rowLabels []StreamLabel
	taken     []bool
	// inBody marks the row's stream labels whose name the body has a field of.
	inBody []bool
}

// parse reads a flat object of string fields. For a row stored as fields, the body is
// every field except _time, _msg, _stream, _stream_id, the stream's labels and the f_*
// fields, in the row's order, each value the JSON string VictoriaLogs returned; the labels
// are _stream, the stream's labels and the f_* fields. When the event has a field of the
// same name as a stream label, VictoriaLogs returns the name twice: the copy holding the
// label's value goes to the labels (once), the other to the body.
func (p *victoriaLogsParser) parse(line []byte, wantFields bool) (victoriaLogsRow, error) {
	var row victoriaLogsRow
	p.spans = p.spans[:0]
	native := true // until a real _msg shows up
	streamVal := -1
	s := &scanner{b: line}
	err := s.objectRaw(func(key []byte, keyStart int) (err error) {
		span := fieldSpan{keyStart: keyStart, keyEnd: keyStart + len(key) + 2}
		name := key
		if bytes.IndexByte(key, '\\') >= 0 {
			if span.name, err = unescape(key); err != nil {
				return err
			}
			name = []byte(span.name)
		}
		switch string(name) {
		case "_msg":
			raw, err := s.rawString()
			if err != nil {
				return err
			}
			if native = bytes.HasPrefix(raw, []byte(MissingMessagePrefix)); !native {
				row.body, err = unescape(raw)
			}
			return err
		case "_time":
			row.time, err = s.str()
			return err
		case "_stream_id":
			return s.skip()
		case "_stream":
			streamVal = len(p.spans)
		}
		s.ws()
		span.valStart = s.i
		if err = s.skip(); err != nil {
			return err
		}
		span.valEnd = s.i
		p.spans = append(p.spans, span)
		return nil
	})
	if err != nil {
		return row, err
	}
	if native {
		if err := p.startNativeRow(line, streamVal); err != nil {
			return row, err
		}
	}
	p.labels = append(p.labels[:0], '{')
	if wantFields {
		row.fields = map[string]string{}
	}
	for i, sp := range p.spans {
		toLabels := !native || i == streamVal || p.isLabel(line, sp)
		if toLabels {
			p.labels = appendMember(p.labels, line, sp)
		} else {
			p.body = appendMember(p.body, line, sp)
			p.markInBody(line, sp)
		}
		if wantFields && toLabels {
			v, err := (&scanner{b: line, i: sp.valStart}).str()
			if err != nil {
				return row, err
			}
			row.fields[spanName(line, sp)] = v
		}
	}
	p.labels = append(p.labels, '}')
	row.labels = p.labels
	if native {
		p.restoreEventLabels()
		p.body = append(p.body, '}')
		row.body = string(p.body)
	}
	return row, nil
}

// eventLabels are keys of Falco's own output that falcosidekick's Loki output also makes
// stream labels. VictoriaLogs then often keeps one copy only, the label's, so a row stored
// as fields would lose them: they go back into the body when the row has no copy of its own.
var eventLabels = map[string]bool{"rule": true, "priority": true, "source": true, "hostname": true, "tags": true}

// markInBody notes that the body holds a field named like one of the row's stream labels.
func (p *victoriaLogsParser) markInBody(line []byte, sp fieldSpan) {
	name := spanName(line, sp)
	for i, l := range p.rowLabels {
		if l.Name == name {
			p.inBody[i] = true
		}
	}
}

// restoreEventLabels appends the eventLabels the row carries only as stream labels.
func (p *victoriaLogsParser) restoreEventLabels() {
	for i, l := range p.rowLabels {
		if !p.inBody[i] && eventLabels[l.Name] {
			if len(p.body) > 1 {
				p.body = append(p.body, ',')
			}
			name, _ := json.Marshal(l.Name) // strings always marshal
			value, _ := json.Marshal(l.Value)
			p.body = append(append(append(p.body, name...), ':'), value...)
		}
	}
}

// startNativeRow readies the body and the stream labels of a row stored as fields;
// streamVal is the index of its _stream span, or -1.
func (p *victoriaLogsParser) startNativeRow(line []byte, streamVal int) error {
	p.body = append(p.body[:0], '{')
	p.rowLabels = nil
	if streamVal >= 0 {
		sp := p.spans[streamVal]
		if err := p.setStream(line[sp.valStart:sp.valEnd]); err != nil {
			return err
		}
		p.rowLabels = p.streamLabels
	}
	p.taken = p.taken[:0]
	p.inBody = p.inBody[:0]
	for range p.rowLabels {
		p.taken = append(p.taken, false)
		p.inBody = append(p.inBody, false)
	}
	return nil
}

// appendMember appends `"key":value` to a JSON object being built (after its '{').
func appendMember(dst, line []byte, sp fieldSpan) []byte {
	if len(dst) > 1 {
		dst = append(dst, ',')
	}
	dst = append(dst, line[sp.keyStart:sp.keyEnd]...)
	dst = append(dst, ':')
	return append(dst, line[sp.valStart:sp.valEnd]...)
}

func spanName(line []byte, sp fieldSpan) string {
	if sp.name != "" {
		return sp.name
	}
	return string(line[sp.keyStart+1 : sp.keyEnd-1])
}

// isLabel reports whether a field of a row stored as fields is a label: an f_* field, or
// the first field copy of a stream label (same name, same value).
func (p *victoriaLogsParser) isLabel(line []byte, sp fieldSpan) bool {
	name := line[sp.keyStart+1 : sp.keyEnd-1]
	if sp.name != "" {
		name = []byte(sp.name)
	}
	if bytes.HasPrefix(name, []byte(ExtractedFieldPrefix)) {
		return true
	}
	for i, l := range p.rowLabels {
		if !p.taken[i] && string(name) == l.Name && sameString(line[sp.valStart:sp.valEnd], l.Value) {
			p.taken[i] = true
			return true
		}
	}
	return false
}

// sameString reports whether a JSON string value (with its quotes) holds s.
func sameString(raw []byte, s string) bool {
	if len(raw) < 2 || raw[0] != '"' {
		return false
	}
	content := raw[1 : len(raw)-1]
	if bytes.IndexByte(content, '\\') < 0 {
		return string(content) == s
	}
	v, err := unescape(content)
	return err == nil && v == s
}

// setStream takes the stream labels from a _stream value (a JSON string holding e.g.
// {job="auditlog",pod="a\"b"}), parsing only when the stream changed.
func (p *victoriaLogsParser) setStream(raw []byte) error {
	if p.stream != nil && bytes.Equal(raw, p.stream) {
		return nil
	}
	text, err := (&scanner{b: raw}).str()
	if err != nil {
		return fmt.Errorf("_stream: %w", err)
	}
	labels, err := ParseStream(text)
	if err != nil {
		return err
	}
	p.stream = append(p.stream[:0], raw...)
	p.streamLabels = labels
	return nil
}

// StreamLabel is one label of a VictoriaLogs stream.
type StreamLabel struct{ Name, Value string }

// ParseStream reads the labels of a VictoriaLogs stream as _stream shows it:
// {name="value",...}, names unquoted (they may hold dots, slashes or spaces), values
// quoted as Go quotes strings.
func ParseStream(stream string) ([]StreamLabel, error) {
	bad := func(what string) error { return fmt.Errorf("_stream %q: %s", stream, what) }
	rest, ok := strings.CutPrefix(stream, "{")
	if !ok {
		return nil, bad("does not start with {")
	}
	labels := []StreamLabel{}
	for rest != "}" {
		if len(labels) > 0 {
			if rest, ok = strings.CutPrefix(rest, ","); !ok {
				return nil, bad("expected , between labels")
			}
		}
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return nil, bad("expected name=\"value\"")
		}
		name := rest[:eq]
		rest = rest[eq+1:]
		if !strings.HasPrefix(rest, `"`) {
			return nil, bad("label value is not quoted")
		}
		i := 1
		for i < len(rest) && rest[i] != '"' {
			if rest[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(rest) {
			return nil, bad("unterminated label value")
		}
		value, err := strconv.Unquote(rest[:i+1])
		if err != nil {
			return nil, bad("label value " + rest[:i+1] + ": " + err.Error())
		}
		labels = append(labels, StreamLabel{Name: name, Value: value})
		rest = rest[i+1:]
	}
	return labels, nil
}

// internLabels returns a copy of labels, reusing the previous line's copy when equal:
// rows of one stream usually carry the same fields.
func internLabels(last *json.RawMessage, labels []byte) json.RawMessage {
	if *last != nil && bytes.Equal(*last, labels) {
		return *last
	}
	*last = append(json.RawMessage(nil), labels...)
	return *last
}
