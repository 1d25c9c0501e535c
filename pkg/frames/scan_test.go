package frames

import (
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
)

func TestScannerStringsMatchEncodingJSON(t *testing.T) {
	cases := []string{
		"", "plain", `quote " inside`, `back\slash`, `ends with backslash\`, `\\"`, "tab\tnew\nline\r",
		"unicode é ✓ 😀", "\u2028\u2029", "ctl \x01\x1f", strings.Repeat(`{"a":"b\"c"}`, 20), "12345678\"", "1234567\\",
	}
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune{'a', '"', '\\', '/', '\n', 'é', '😀', '\x00', ' ', '{', '}'}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, want := range cases {
		enc, _ := json.Marshal(want)
		// Also the escapes encoding/json never writes but other encoders do.
		alt := strings.ReplaceAll(string(enc), "/", `\/`)
		for _, doc := range []string{string(enc), alt} {
			s := &scanner{b: []byte(doc + ",")}
			got, err := s.str()
			if err != nil || got != want || s.b[s.i] != ',' {
				t.Fatalf("%s: got %q (%v), want %q, stopped at %d", doc, got, err, want, s.i)
			}
			s = &scanner{b: []byte(doc + ",")}
			if err := s.skip(); err != nil || s.b[s.i] != ',' {
				t.Fatalf("skip %s: %v at %d", doc, err, s.i)
			}
		}
	}
}

func TestScannerEscapesAndErrors(t *testing.T) {
	good := map[string]string{
		`"\u00e9\ud83d\ude00"`: "é😀",
		`"\ud83d"`:             "\uFFFD",
		`"\b\f"`:               "\b\f",
	}
	for doc, want := range good {
		if got, err := (&scanner{b: []byte(doc)}).str(); err != nil || got != want {
			t.Errorf("%s: %q %v", doc, got, err)
		}
	}
	for _, doc := range []string{`"abc`, `"\x"`, `"\u12"`, `abc`, `"abc\`} {
		if _, err := (&scanner{b: []byte(doc)}).str(); err == nil {
			t.Errorf("%s: want an error", doc)
		}
	}
	for _, doc := range []string{`{"a":[1,2,{"b":"]"}]}`, `[true,null,-1.5e3]`, `"x"`, `12`} {
		s := &scanner{b: []byte(doc)}
		if err := s.skip(); err != nil || s.i != len(doc) {
			t.Errorf("skip %s: %v at %d", doc, err, s.i)
		}
	}
	if err := (&scanner{b: []byte(`{"a":[1,2`)}).skip(); err == nil {
		t.Error("truncated value must fail")
	}
}
