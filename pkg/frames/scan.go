package frames

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// scanner is a minimal JSON reader over a byte slice for the hot paths (log lines).
// It finds string boundaries with bytes.IndexByte and copies nothing until a value is
// kept, which makes it several times faster than reflection-based decoding.
type scanner struct {
	b []byte
	i int
}

var errUnexpectedEnd = errors.New("unexpected end of JSON")

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte without consuming it (0 at the end).
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		return s.syntax(fmt.Sprintf("expected %q", c))
	}
	s.i++
	return nil
}

func (s *scanner) syntax(what string) error {
	if s.i >= len(s.b) {
		return errUnexpectedEnd
	}
	return fmt.Errorf("%s at offset %d", what, s.i)
}

// object walks a JSON object: for each member it reads the key and its colon and calls
// member, which must consume the value. keyStart is the offset of the key's opening quote.
func (s *scanner) object(member func(key string, keyStart int) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	for first := true; ; {
		more, err := s.more('}', &first)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		s.ws()
		keyStart := s.i
		key, err := s.key()
		if err != nil {
			return err
		}
		if err := member(key, keyStart); err != nil {
			return err
		}
	}
}

// objectRaw walks a JSON object like object, but hands member the key still escaped and
// uncopied, so a caller that only compares keys allocates nothing per member.
func (s *scanner) objectRaw(member func(rawKey []byte, keyStart int) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	for first := true; ; {
		more, err := s.more('}', &first)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		s.ws()
		keyStart := s.i
		key, err := s.rawString()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := member(key, keyStart); err != nil {
			return err
		}
	}
}

// more consumes a ',' between elements and reports whether another element follows
// before the closing delimiter, which it also consumes.
func (s *scanner) more(closing byte, first *bool) (bool, error) {
	c := s.peek()
	if c == closing {
		s.i++
		return false, nil
	}
	if !*first {
		if c != ',' {
			return false, s.syntax(fmt.Sprintf("expected ',' or %q", closing))
		}
		s.i++
	}
	*first = false
	return true, nil
}

// Eight-bytes-at-a-time search for '"' or '\\' (SWAR): strings in log responses are
// long and, when lines are JSON, full of escaped quotes, so this loop is the hot path.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
	swarQuote = '"' * swarOnes
	swarSlash = '\\' * swarOnes
)

// indexSpecial returns the index of the first '"' or '\\' in b, or -1.
func indexSpecial(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, e := x^swarQuote, x^swarSlash
		if ((q-swarOnes)&^q|(e-swarOnes)&^e)&swarHighs != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' {
			return i
		}
	}
	return -1
}

// rawString returns the still-escaped content of the next string.
func (s *scanner) rawString() ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	b, start := s.b, s.i
	for i := start; ; {
		j := indexSpecial(b[i:])
		if j < 0 {
			s.i = len(b)
			return nil, errUnexpectedEnd
		}
		i += j
		if b[i] == '"' {
			s.i = i + 1
			return b[start:i], nil
		}
		i += 2 // an escape: skip the backslash and the escaped byte
		if i > len(b) {
			s.i = len(b)
			return nil, errUnexpectedEnd
		}
	}
}

// str reads the next string: find its end first, then unescape into a buffer of
// exactly the right capacity (escapes only shrink the text).
func (s *scanner) str() (string, error) {
	raw, err := s.rawString()
	if err != nil {
		return "", err
	}
	return unescape(raw)
}

// unescape decodes the still-escaped content of a JSON string.
func unescape(raw []byte) (string, error) {
	j := bytes.IndexByte(raw, '\\')
	if j < 0 {
		return string(raw), nil
	}
	out := make([]byte, 0, len(raw))
	for {
		out = append(out, raw[:j]...)
		n, err := appendEscape(&out, raw[j:])
		if err != nil {
			return "", err
		}
		raw = raw[j+n:]
		if j = bytes.IndexByte(raw, '\\'); j < 0 {
			out = append(out, raw...)
			// out is this string's own buffer, never written again: no second copy.
			return unsafe.String(unsafe.SliceData(out), len(out)), nil
		}
	}
}

// skip steps over any JSON value.
func (s *scanner) skip() error {
	switch s.peek() {
	case '"':
		_, err := s.rawString()
		return err
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if _, err := s.rawString(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.i++
					return nil
				}
			}
			s.i++
		}
		return errUnexpectedEnd
	case 0:
		return errUnexpectedEnd
	default:
		start := s.i
		for s.i < len(s.b) && bytes.IndexByte([]byte(",]} \t\r\n"), s.b[s.i]) < 0 {
			s.i++
		}
		if s.i == start {
			return s.syntax("expected a value")
		}
		return nil
	}
}

// value returns the raw bytes of the next value.
func (s *scanner) value() ([]byte, error) {
	s.ws()
	start := s.i
	err := s.skip()
	return s.b[start:s.i], err
}

// appendEscape decodes the escape at the start of b (\" \\\\ \/ \b \f \n \r \t \uXXXX,
// surrogate pairs included) onto out and returns how many bytes it used.
func appendEscape(out *[]byte, b []byte) (int, error) {
	if len(b) < 2 {
		return 0, errUnexpectedEnd
	}
	switch c := b[1]; c {
	case '"', '\\', '/':
		*out = append(*out, c)
	case 'b':
		*out = append(*out, '\b')
	case 'f':
		*out = append(*out, '\f')
	case 'n':
		*out = append(*out, '\n')
	case 'r':
		*out = append(*out, '\r')
	case 't':
		*out = append(*out, '\t')
	case 'u':
		r, n, err := decodeU(b)
		if err != nil {
			return 0, err
		}
		*out = utf8.AppendRune(*out, r)
		return n, nil
	default:
		return 0, fmt.Errorf("bad escape \\%c", c)
	}
	return 2, nil
}

// decodeU decodes `\uXXXX` (and a following low surrogate) at the start of b.
func decodeU(b []byte) (rune, int, error) {
	hex := func(b []byte) (rune, bool) {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex(b)
	if !ok {
		return 0, 0, errors.New("bad \\u escape")
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(b[6:]); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, nil
			}
		}
		return utf8.RuneError, 6, nil
	}
	return r, 6, nil
}
