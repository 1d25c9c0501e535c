package upstream

import (
	"strings"
	"testing"
	"time"
)

func TestRedactor(t *testing.T) {
	r := NewRedactor([]string{"ab", "pw-1", "pw-1/long", "pw-1"})
	cases := map[string]string{
		"ab pw-1 pw-1/long":      "ab [redacted] [redacted]", // too short to redact; longest first
		"pw%2D1 PW-1 pw\\u002d1": "[redacted] PW-1 [redacted]",
		"pw-1%2flong":            "[redacted]",
		`pw-1\\\/long`:           "[redacted]",
	}
	for in, want := range cases {
		if got := r.Redact(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	if got := NewRedactor(nil).Redact("pw-1"); got != "pw-1" {
		t.Errorf("no secrets: %q", got)
	}
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"http://u:secret@host:3100/x":     "http://u:xxxxx@host:3100/x",
		"http://u:se/c@ret@host:3100/%zz": "http://host:3100/%zz",
		"u:s%zz@host":                     "host",
		"http://host:3100/%zz":            "http://host:3100/%zz",
	}
	for in, want := range cases {
		if got := RedactURL(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// A large secret (a CA bundle) is matched as written only, and building it stays quick.
func TestRedactorLargeSecret(t *testing.T) {
	bundle := strings.Repeat("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0Zx+/Y2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", 3000)
	start := time.Now()
	r := NewRedactor([]string{bundle, "pw-1"})
	if got := r.Redact("a " + bundle + " b pw%2D1"); got != "a [redacted] b [redacted]" {
		t.Errorf("got %.80q", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("building and using the redactor took %v", d)
	}
}
