package frames

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Result types of the Prometheus-style query API that Loki, Prometheus and VictoriaLogs'
// stats endpoints share.
const (
	ResultStreams = "streams"
	ResultMatrix  = "matrix"
	ResultVector  = "vector"
	ResultScalar  = "scalar"
)

// MaxResponseBytes bounds a Loki/Prometheus-style response held in memory. Loki caps a
// log response at the line limit and a metric response at its series and point limits,
// so the response is the page; this only guards against a misbehaving upstream.
const MaxResponseBytes = 512 << 20

// QueryError is an error the upstream reported inside a 200 response body.
type QueryError struct{ Message string }

func (e *QueryError) Error() string { return e.Message }

// resultVisitor consumes the "result" value; s is positioned just before it.
type resultVisitor func(resultType string, s *scanner) error

// readCapped reads r fully unless it exceeds MaxResponseBytes. Read errors (such as an
// upstream timeout) are returned as they are. The body comes from a pool (a page of audit
// lines is megabytes, and growing a fresh buffer per response was half of all allocation):
// call release once nothing refers to it. The converters copy every string they keep.
func readCapped(r io.Reader) (body []byte, release func(), err error) {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	release = func() {
		if buf.Cap() <= maxPooledBytes {
			bodyPool.Put(buf)
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxResponseBytes+1)); err != nil {
		release()
		return nil, nil, err
	}
	if buf.Len() > MaxResponseBytes {
		release()
		return nil, nil, fmt.Errorf("response larger than %d MiB: narrow the time range or the query", MaxResponseBytes>>20)
	}
	return buf.Bytes(), release, nil
}

// maxPooledBytes keeps one unusually large response from being held for the process's life.
const maxPooledBytes = 64 << 20

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// walkAPIResponse reads `{"status","data":{"resultType","result"},"error",...}` and hands
// the result to visit. If "result" arrives before "resultType" (legal JSON, never seen
// from the real servers) it is visited after the object ends.
func walkAPIResponse(body []byte, visit resultVisitor) error {
	s := &scanner{b: body}
	var status, errText string
	sawData := false
	err := s.object(func(key string, _ int) (err error) {
		switch key {
		case "status":
			status, err = s.str()
		case "error":
			errText, err = s.str()
		case "data":
			sawData = true
			err = walkData(s, visit)
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return malformed(err)
	}
	if status == "error" || errText != "" {
		return &QueryError{Message: errText}
	}
	if !sawData {
		return errors.New("malformed response: no data")
	}
	return nil
}

// key reads an object key and its colon.
func (s *scanner) key() (string, error) {
	k, err := s.str()
	if err != nil {
		return "", err
	}
	return k, s.expect(':')
}

func walkData(s *scanner, visit resultVisitor) error {
	resultType := ""
	pending := -1
	err := s.object(func(key string, _ int) (err error) {
		switch {
		case key == "resultType":
			resultType, err = s.str()
		case key == "result" && resultType != "":
			err = visit(resultType, s)
		case key == "result":
			s.ws()
			pending = s.i
			err = s.skip()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if pending >= 0 {
		return visit(resultType, &scanner{b: s.b, i: pending})
	}
	return nil
}

// malformed prefixes decoding errors once; upstream-reported and already-labelled errors pass through.
func malformed(err error) error {
	var qe *QueryError
	if errors.As(err, &qe) || strings.HasPrefix(err.Error(), "malformed response") || strings.HasPrefix(err.Error(), "unsupported result type") {
		return err
	}
	return fmt.Errorf("malformed response: %w", err)
}

// sample is one `[<unix seconds>, "<value>"]` pair.
type sample struct {
	T time.Time
	V float64
}

// UnmarshalJSON parses the pair without reflection: metric responses are all pairs.
func (s *sample) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return fmt.Errorf("sample %s is not a [time, value] pair", b)
	}
	ts, val, ok := bytes.Cut(b[1:len(b)-1], []byte(","))
	if !ok {
		return fmt.Errorf("sample %s is not a [time, value] pair", b)
	}
	secs, err := strconv.ParseFloat(string(bytes.TrimSpace(ts)), 64)
	if err != nil {
		return fmt.Errorf("sample time: %w", err)
	}
	v, err := parseSampleValue(bytes.Trim(bytes.TrimSpace(val), `"`))
	if err != nil {
		return err
	}
	whole, frac := math.Modf(secs)
	s.T = time.Unix(int64(whole), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC()
	s.V = v
	return nil
}

func parseSampleValue(b []byte) (float64, error) {
	switch string(b) {
	case "NaN":
		return math.NaN(), nil
	case "+Inf", "Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, fmt.Errorf("sample value: %w", err)
	}
	return v, nil
}
