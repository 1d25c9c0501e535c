package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// benchLines is one page at Loki's maximum line limit.
const benchLines = 5000

// auditLine is a typical Kubernetes audit event (~600 bytes), the bulkiest source.
func auditLine(i int) string {
	return fmt.Sprintf(`{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%08x-6b2c-4c0e-9d1a-3f1e2d4c5b6a","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods/web-%d","verb":"get","user":{"username":"system:serviceaccount:default:app","groups":["system:serviceaccounts","system:authenticated"]},"sourceIPs":["10.0.0.%d"],"userAgent":"kubectl/v1.29.0","objectRef":{"resource":"pods","namespace":"default","name":"web-%d","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2024-01-01T00:00:00.000000Z"}`, i, i, i%250, i)
}

// lokiBody builds a streams response of n lines spread over 10 streams.
func lokiBody(n int) []byte { return lokiBodyOf(n, auditLine) }

// dnsLine is a short CoreDNS query log line (~110 bytes), the most frequent source.
func dnsLine(i int) string {
	return fmt.Sprintf(`[INFO] 10.244.1.%d:%d - %d "A IN api-%d.default.svc.cluster.local. udp 63 false 512" NOERROR qr,aa,rd 120 0.000101s`, i%250, 30000+i%30000, i, i%50)
}

func lokiBodyOf(n int, line func(int) string) []byte {
	type stream struct {
		Stream map[string]string `json:"stream"`
		Values [][2]string       `json:"values"`
	}
	streams := make([]stream, 10)
	for s := range streams {
		streams[s].Stream = map[string]string{"job": "auditlog", "namespace": "kube-system", "pod": fmt.Sprintf("kube-apiserver-%d", s)}
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	for i := 0; i < n; i++ {
		s := &streams[i%10]
		s.Values = append(s.Values, [2]string{strconv.FormatInt(base+int64(i)*1e6, 10), line(i)})
	}
	// Structs keep Loki's field order: status, then resultType before result.
	type payload struct {
		ResultType string   `json:"resultType"`
		Result     []stream `json:"result"`
		Stats      struct{} `json:"stats"`
	}
	body, _ := json.Marshal(struct {
		Status string  `json:"status"`
		Data   payload `json:"data"`
	}{"success", payload{ResultType: "streams", Result: streams}})
	return body
}

// victoriaBody builds n JSON lines as /select/logsql/query returns them.
func victoriaBody(n int) []byte { return victoriaBodyOf(n, auditLine) }

func victoriaBodyOf(n int, line func(int) string) []byte {
	var b bytes.Buffer
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		row := map[string]string{
			"_msg": line(i), "_time": base.Add(time.Duration(i) * time.Millisecond).Format(time.RFC3339Nano),
			"_stream": `{job="auditlog",namespace="kube-system"}`, "_stream_id": "0000000000000000abcdef", "job": "auditlog", "namespace": "kube-system",
		}
		line, _ := json.Marshal(row)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// victoriaNativeBody builds n rows as /select/logsql/query returns audit events that
// VictoriaLogs split into fields at ingestion: nested objects flattened with dots, arrays
// and numbers as text, the _msg placeholder, fields in alphabetical order.
func victoriaNativeBody(n int) []byte {
	var b bytes.Buffer
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		var event map[string]any
		if err := json.Unmarshal([]byte(auditLine(i)), &event); err != nil {
			panic(err)
		}
		row := map[string]string{
			"_msg": placeholder, "_time": base.Add(time.Duration(i) * time.Millisecond).Format(time.RFC3339Nano),
			"_stream": `{job="auditlog",namespace="kube-system"}`, "_stream_id": "0000000000000000abcdef", "job": "auditlog", "namespace": "kube-system",
		}
		flattenInto(row, "", event)
		line, _ := json.Marshal(row) // sorted keys, as VictoriaLogs returns them
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// flattenInto stores an event the way VictoriaLogs does at ingestion.
func flattenInto(row map[string]string, prefix string, v map[string]any) {
	for k, x := range v {
		switch x := x.(type) {
		case map[string]any:
			flattenInto(row, prefix+k+".", x)
		case string:
			if x != "" {
				row[prefix+k] = x
			}
		case nil:
		default:
			text, _ := json.Marshal(x)
			row[prefix+k] = string(text)
		}
	}
}

func benchConvert(b *testing.B, body []byte, lines int, conv func([]byte) error) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := conv(body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkLokiStreaming(b *testing.B) {
	body := lokiBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := APIResponse(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkLokiNaive(b *testing.B) {
	body := lokiBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveLoki(body, benchLines)
		return err
	})
}

func BenchmarkVictoriaLogsStreaming(b *testing.B) {
	body := victoriaBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := VictoriaLogsLines(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkVictoriaLogsNaive(b *testing.B) {
	body := victoriaBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveVictoriaLogs(body, benchLines)
		return err
	})
}

func BenchmarkVictoriaLogsStreamingNative(b *testing.B) {
	body := victoriaNativeBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := VictoriaLogsLines(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkVictoriaLogsNaiveNative(b *testing.B) {
	body := victoriaNativeBody(benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveVictoriaLogs(body, benchLines)
		return err
	})
}

// Memory follows the page, not the response: a 10x larger response with the same limit.
func BenchmarkVictoriaLogsStreamingLargeResponse(b *testing.B) {
	body := victoriaBody(10 * benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := VictoriaLogsLines(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkVictoriaLogsNaiveLargeResponse(b *testing.B) {
	body := victoriaBody(10 * benchLines)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveVictoriaLogs(body, benchLines)
		return err
	})
}

func BenchmarkLokiStreamingShortLines(b *testing.B) {
	body := lokiBodyOf(benchLines, dnsLine)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := APIResponse(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkLokiNaiveShortLines(b *testing.B) {
	body := lokiBodyOf(benchLines, dnsLine)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveLoki(body, benchLines)
		return err
	})
}

func BenchmarkVictoriaLogsStreamingShortLines(b *testing.B) {
	body := victoriaBodyOf(benchLines, dnsLine)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := VictoriaLogsLines(bytes.NewReader(body), Options{Limit: benchLines})
		return err
	})
}

func BenchmarkVictoriaLogsNaiveShortLines(b *testing.B) {
	body := victoriaBodyOf(benchLines, dnsLine)
	benchConvert(b, body, benchLines, func(body []byte) error {
		_, err := naiveVictoriaLogs(body, benchLines)
		return err
	})
}
