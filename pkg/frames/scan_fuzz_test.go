package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScanner holds the scanner to encoding/json on arbitrary input. A reader built from
// the scanner's own steps (object or objectRaw, more, expect, str, value) decodes the
// input into the values encoding/json produces (numbers as json.Number), and skip must
// step over exactly the value encoding/json reads. The scanner checks structure, escapes
// and strings; it leaves scalars to its callers (value hands them the token), so this
// reader checks each token with encoding/json, as the converters parse theirs.
//
// For every input:
//   - encoding/json accepts it → both readers decode the same value, and value and skip
//     end where the value ends;
//   - encoding/json rejects it → the readers reject it too, except where the scanner is
//     deliberately laxer: raw control characters inside strings (kept as they are; the
//     input with them written as \u00XX escapes must then decode to the same value), and
//     nesting deeper than encoding/json's limit of 10000 (skip counts brackets instead
//     of recursing). skip alone checks no structure and may accept invalid input.
//
// Invalid UTF-8 inside strings is kept byte for byte (encoding/json writes U+FFFD for
// each bad byte), so the comparison turns each bad byte into U+FFFD first.
func FuzzScanner(f *testing.F) {
	// More seeds (escapes, surrogates, invalid UTF-8, nesting, numbers) are in
	// testdata/fuzz/FuzzScanner.
	for _, seed := range []string{lokiStreamsDoc, promVectorDoc, victoriaLogsSeed} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want, wantErr := decodeJSON(in)
		lax := false
		if wantErr != nil {
			if escaped := escapeControls(in); !bytes.Equal(escaped, in) {
				if w, err := decodeJSON(escaped); err == nil {
					want, wantErr, lax = w, nil, true
				}
			}
		}
		tooDeep := wantErr != nil && strings.Contains(wantErr.Error(), "exceeded max depth")
		for _, raw := range []bool{false, true} {
			got, err := decodeScanned(in, raw)
			switch {
			case tooDeep:
			case wantErr != nil && err == nil:
				t.Fatalf("raw keys %v: scanner accepts %q, encoding/json rejects it: %v", raw, in, wantErr)
			case wantErr == nil && err != nil:
				t.Fatalf("raw keys %v: scanner rejects %q (%v), encoding/json reads %#v", raw, in, err, want)
			case wantErr == nil && !reflect.DeepEqual(got, want):
				t.Fatalf("raw keys %v: %q: scanner %#v, encoding/json %#v", raw, in, got, want)
			}
		}
		if wantErr == nil && !lax {
			end := len(bytes.TrimRight(in, " \t\r\n"))
			s := &scanner{b: in}
			v, err := s.value()
			if err != nil || s.i != end || !bytes.Equal(v, bytes.TrimSpace(in)) {
				t.Fatalf("value/skip of %q: %q, %v, stopped at %d of %d", in, v, err, s.i, end)
			}
		}
		_ = (&scanner{b: in}).skip() // skip is lax on invalid input, but must not panic
	})
}

// victoriaLogsSeed is one JSON line of /select/logsql/query with the event kept in _msg.
const victoriaLogsSeed = `{"_msg":"{\"verb\":\"get\",\"user\":{\"username\":\"system:admin\"}}","_stream":"{job=\"auditlog\",pod=\"a\\\"b\"}","_stream_id":"00","_time":"2024-05-01T10:00:00.123456789Z","f_verb":"get"}`

// decodeJSON is the reference: encoding/json, numbers kept as text, one value only.
func decodeJSON(in []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value: %v", err)
	}
	return v, nil
}

// decodeScanned reads one value with the scanner and requires nothing but space after it.
func decodeScanned(in []byte, rawKeys bool) (any, error) {
	s := &scanner{b: in}
	v, err := scanValue(s, rawKeys)
	if err != nil {
		return nil, err
	}
	if s.ws(); s.i < len(s.b) { // not peek: it also answers 0 for a NUL byte
		return nil, s.syntax("data after the value")
	}
	return v, nil
}

// scanValue reads any value as the converters do: objects through object (keys decoded
// by the scanner) or objectRaw (keys unescaped by the caller), arrays through more.
func scanValue(s *scanner, rawKeys bool) (any, error) {
	switch s.peek() {
	case '{':
		m := map[string]any{}
		add := func(key string) error {
			v, err := scanValue(s, rawKeys)
			m[toValidUTF8(key)] = v
			return err
		}
		if rawKeys {
			return m, s.objectRaw(func(key []byte, _ int) error {
				k, err := unescape(key)
				if err != nil {
					return err
				}
				return add(k)
			})
		}
		return m, s.object(func(key string, _ int) error { return add(key) })
	case '[':
		s.i++
		a := []any{}
		for first := true; ; {
			more, err := s.more(']', &first)
			if err != nil || !more {
				return a, err
			}
			v, err := scanValue(s, rawKeys)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case '"':
		v, err := s.str()
		return toValidUTF8(v), err
	default:
		tok, err := s.value()
		if err != nil {
			return nil, err
		}
		return decodeJSON(tok)
	}
}

// toValidUTF8 writes U+FFFD for each byte that is not part of valid UTF-8, as
// encoding/json does when it decodes a string.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r) // ranging over a string yields U+FFFD per bad byte
	}
	return b.String()
}

// escapeControls rewrites raw control characters inside strings as \u00XX escapes.
func escapeControls(in []byte) []byte {
	var out []byte
	inString := false
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '\\' && i+1 < len(in):
			out = append(out, c)
			i++
			c = in[i]
		case c == '"':
			inString = false
		case c < 0x20:
			out = fmt.Appendf(out, `\u%04x`, c)
			continue
		}
		out = append(out, c)
	}
	return out
}

// The reference must reject what the fuzz test relies on it rejecting.
func TestFuzzScannerReference(t *testing.T) {
	for _, doc := range []string{`"a` + "\x01" + `"`, `1 2`, `[1,]`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001)} {
		if _, err := decodeJSON([]byte(doc)); err == nil {
			t.Errorf("encoding/json accepts %q", doc)
		}
	}
	if got := escapeControls([]byte("[\"a\x01\\\"\t\"]\n")); string(got) != `["a\u0001\"\u0009"]`+"\n" {
		t.Errorf("escapeControls: %q", got)
	}
}
