//go:build unix

package teststack

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// victoriaLogsURLs remembers the VictoriaLogs servers started here, so PushLoki picks
// VictoriaLogs' endpoint for them and Loki's for anything else.
var victoriaLogsURLs sync.Map

// StartVictoriaLogs starts the pinned VictoriaLogs on a free loopback port with a temp
// data dir and a 100-year retention (it drops rows older than the retention, and test
// fixtures may be old). The server stops when the test ends.
func StartVictoriaLogs(t testing.TB) *Server {
	t.Helper()
	binary := binaryPath(t, "VICTORIALOGS_BIN", "VictoriaLogs")
	srv := launch(t, launchSpec{
		name:      "victorialogs",
		binary:    binary,
		readyPath: "/health",
		args: func(port int, dataDir string) []string {
			return []string{
				fmt.Sprintf("-httpListenAddr=127.0.0.1:%d", port),
				"-storageDataPath=" + dataDir,
				"-retentionPeriod=100y",
				"-loggerLevel=WARN",
			}
		},
	})
	victoriaLogsURLs.Store(srv.URL, true)
	t.Cleanup(func() { victoriaLogsURLs.Delete(srv.URL) })
	return srv
}

// LokiStream is one stream of Loki's push API: labels and [unix-nanoseconds, line] pairs.
type LokiStream struct {
	Stream map[string]string `json:"stream"`
	Values [][2]string       `json:"values"`
}

// PushLoki pushes streams through Loki's JSON push API. For a VictoriaLogs started by
// StartVictoriaLogs it uses /insert/loki/api/v1/push, keeps JSON lines verbatim in _msg
// (the verbatim layout) and forces a flush so the rows are queryable on return; otherwise
// it targets a real Loki.
func PushLoki(t testing.TB, baseURL string, streams []LokiStream) {
	t.Helper()
	if err := pushLoki(baseURL, streams, false); err != nil {
		t.Fatal(err)
	}
}

// PushLokiNative pushes streams to a VictoriaLogs started by StartVictoriaLogs through
// its Loki push endpoint with VictoriaLogs' defaults, as most shippers do: JSON lines are
// split into fields at ingestion and no _msg is stored (the native layout). It forces a
// flush so the rows are queryable on return.
func PushLokiNative(t testing.TB, baseURL string, streams []LokiStream) {
	t.Helper()
	if _, ok := victoriaLogsURLs.Load(strings.TrimRight(baseURL, "/")); !ok {
		t.Fatalf("PushLokiNative needs a VictoriaLogs started by StartVictoriaLogs, not %s", baseURL)
	}
	if err := pushLoki(baseURL, streams, true); err != nil {
		t.Fatal(err)
	}
}

func pushLoki(baseURL string, streams []LokiStream, native bool) error {
	base := strings.TrimRight(baseURL, "/")
	_, isVictoriaLogs := victoriaLogsURLs.Load(base)
	pushURL := base + "/loki/api/v1/push"
	switch {
	case isVictoriaLogs && native:
		pushURL = base + "/insert/loki/api/v1/push"
	case isVictoriaLogs:
		// Without this VictoriaLogs parses JSON lines into fields and stores no _msg.
		pushURL = base + "/insert/loki/api/v1/push?disable_message_parsing=1"
	}
	body, err := json.Marshal(map[string]any{"streams": streams})
	if err != nil {
		return err
	}
	resp, err := http.Post(pushURL, "application/json", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("loki push to %s: %w", pushURL, err)
	}
	if err := checkResponse(resp, "loki push to "+pushURL); err != nil {
		return err
	}
	if !isVictoriaLogs {
		return nil
	}
	return forceFlush(base)
}

// forceFlush makes the rows VictoriaLogs has received queryable.
func forceFlush(base string) error {
	resp, err := http.Get(base + "/internal/force_flush")
	if err != nil {
		return fmt.Errorf("VictoriaLogs force_flush: %w", err)
	}
	return checkResponse(resp, "VictoriaLogs force_flush")
}

// QueryLogsQL runs a LogsQL query on VictoriaLogs and returns its rows (_msg, _time,
// _stream and every field, as strings). Errors carry VictoriaLogs' own message.
func QueryLogsQL(t testing.TB, baseURL, query string) []map[string]string {
	t.Helper()
	rows, err := queryLogsQL(baseURL, query)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func queryLogsQL(baseURL, query string) ([]map[string]string, error) {
	resp, err := http.PostForm(strings.TrimRight(baseURL, "/")+"/select/logsql/query", url.Values{"query": {query}})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	what := fmt.Sprintf("LogsQL query %q", query)
	if resp.StatusCode != http.StatusOK {
		return nil, checkResponse(resp, what)
	}
	// The answer is JSON lines, one object per row.
	var rows []map[string]string
	scanner := bufio.NewScanner(resp.Body)
	scanner.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		line := bytes.TrimSpace(scanner.Bytes())
		if len(line) == 0 {
			continue
		}
		row := map[string]string{}
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, fmt.Errorf("%s: bad row %q: %w", what, line, err)
		}
		rows = append(rows, row)
	}
	return rows, scanner.Err()
}

// checkResponse closes resp and turns a non-2xx status into an error with the upstream body.
func checkResponse(resp *http.Response, what string) error {
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return fmt.Errorf("%s: HTTP %d: %s", what, resp.StatusCode, bytes.TrimSpace(msg))
}
