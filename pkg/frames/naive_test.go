package frames

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The naive alternatives the benchmarks compare against: decode the whole response into
// generic values first, then build the frame from them.

func naiveLoki(body []byte, limit int) (*LogsBuilder, error) {
	var resp map[string]any
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, err
	}
	b := NewLogsBuilder(limit)
	result := resp["data"].(map[string]any)["result"].([]any)
	for _, s := range result {
		stream := s.(map[string]any)
		labels, _ := json.Marshal(stream["stream"])
		for _, v := range stream["values"].([]any) {
			pair := v.([]any)
			ns, err := strconv.ParseInt(pair[0].(string), 10, 64)
			if err != nil {
				return nil, err
			}
			b.Add(time.Unix(0, ns), pair[1].(string), labels)
		}
	}
	b.Frame("")
	return b, nil
}

func naiveVictoriaLogs(body []byte, limit int) (*LogsBuilder, error) {
	var rows []map[string]any
	for _, line := range bytes.Split(body, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var row map[string]any
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	b := NewLogsBuilder(limit)
	for _, row := range rows {
		ts, err := time.Parse(time.RFC3339Nano, row["_time"].(string))
		if err != nil {
			return nil, err
		}
		body, _ := row["_msg"].(string)
		delete(row, "_msg")
		delete(row, "_time")
		delete(row, "_stream_id")
		if body == "" || strings.HasPrefix(body, MissingMessagePrefix) {
			body = naiveEvent(row)
		}
		labels, _ := json.Marshal(row)
		b.Add(ts, body, labels)
	}
	b.Frame("")
	return b, nil
}

// naiveEvent moves the event fields of a row stored as fields into a JSON body (the
// stream labels are those named in _stream).
func naiveEvent(row map[string]any) string {
	stream, _ := row["_stream"].(string)
	labels, _ := ParseStream(stream)
	event := map[string]any{}
	for k, v := range row {
		isStream := slices.ContainsFunc(labels, func(l StreamLabel) bool { return l.Name == k })
		if k != "_stream" && !isStream && !strings.HasPrefix(k, ExtractedFieldPrefix) {
			event[k] = v
			delete(row, k)
		}
	}
	body, _ := json.Marshal(event)
	return string(body)
}
