package frames

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
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

// resultVisitor consumes the "result" value; dec is positioned just before it.
type resultVisitor func(resultType string, dec *json.Decoder) error

// walkAPIResponse reads `{"status","data":{"resultType","result"},"error",...}` and hands
// the result to visit without decoding it first. If "result" arrives before "resultType"
// (legal JSON, never seen from the real servers) the result is buffered instead.
func walkAPIResponse(r io.Reader, visit resultVisitor) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	var status, errText string
	sawResult := false
	for dec.More() {
		key, err := readKey(dec)
		if err != nil {
			return err
		}
		switch key {
		case "status":
			if err := dec.Decode(&status); err != nil {
				return malformed(err)
			}
		case "error":
			if err := dec.Decode(&errText); err != nil {
				return malformed(err)
			}
		case "data":
			if err := walkData(dec, visit); err != nil {
				return err
			}
			sawResult = true
		default:
			if err := skipValue(dec); err != nil {
				return err
			}
		}
	}
	if status == "error" || errText != "" {
		return &QueryError{Message: errText}
	}
	if !sawResult {
		return errors.New("malformed response: no data")
	}
	return nil
}

// QueryError is an error the upstream reported inside a 200 response body.
type QueryError struct{ Message string }

func (e *QueryError) Error() string { return e.Message }

func walkData(dec *json.Decoder, visit resultVisitor) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	resultType := ""
	var pending json.RawMessage
	for dec.More() {
		key, err := readKey(dec)
		if err != nil {
			return err
		}
		switch {
		case key == "resultType":
			if err := dec.Decode(&resultType); err != nil {
				return malformed(err)
			}
		case key == "result" && resultType != "":
			if err := visit(resultType, dec); err != nil {
				return err
			}
		case key == "result":
			if err := dec.Decode(&pending); err != nil {
				return malformed(err)
			}
		default:
			if err := skipValue(dec); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return malformed(err)
	}
	if pending != nil {
		inner := json.NewDecoder(bytes.NewReader(pending))
		inner.UseNumber()
		return visit(resultType, inner)
	}
	return nil
}

// forEachElement calls fn for each element of the JSON array dec is positioned at.
// A JSON null counts as an empty array (older Loki versions send it).
func forEachElement(dec *json.Decoder, fn func() error) error {
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("malformed response: expected an array, got %v", tok)
	}
	for dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err = dec.Token()
	return malformedIf(err)
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("malformed response: expected %q, got %v", want, tok)
	}
	return nil
}

func readKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", malformed(err)
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("malformed response: expected a key, got %v", tok)
	}
	return key, nil
}

func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return malformedIf(dec.Decode(&skip))
}

func malformed(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("malformed response: %w", err)
}

func malformedIf(err error) error {
	if err == nil {
		return nil
	}
	return malformed(err)
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
