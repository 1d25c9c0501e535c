package upstream

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Redacted replaces a secret in text that leaves the plugin.
const Redacted = "[redacted]"

// MinSecretLen is the shortest value redacted: shorter ones would mangle ordinary words.
const MinSecretLen = 3

// Redactor removes secrets from text in each form an error can carry them. Every
// character of a secret may appear as itself, percent-encoded (any case of hex, '+' for
// a space: query strings, paths, URL userinfo), or JSON- or Go-escaped (\uXXXX with
// surrogate pairs, \" \\ \/ \n and the other short escapes), its backslash escaped again
// any number of times (a JSON string quoted once more). So one pattern per secret
// matches its raw, URL-encoded, userinfo and escaped forms, and mixes of them. Base64
// forms are secrets of their own (Config.Secrets lists basic auth's). A secret longer
// than MaxEncodedSecret (a CA certificate bundle) is matched as written only.
type Redactor struct {
	re *regexp.Regexp
	// long are the secrets longer than MaxEncodedSecret, longest first.
	long []string
}

// MaxEncodedSecret bounds the secrets matched in every form, which keeps the pattern
// small and quick to build.
const MaxEncodedSecret = 1024

// NewRedactor builds a Redactor for secrets; values shorter than MinSecretLen are left out.
func NewRedactor(secrets []string) *Redactor {
	var kept []string
	for _, s := range secrets {
		if len(s) >= MinSecretLen && !slices.Contains(kept, s) {
			kept = append(kept, s)
		}
	}
	// Longest first: where two secrets start at the same place, the longer one is removed.
	slices.SortFunc(kept, func(a, b string) int { return len(b) - len(a) })
	r := &Redactor{}
	var alts []string
	for _, s := range kept {
		if len(s) > MaxEncodedSecret {
			r.long = append(r.long, s)
		} else {
			alts = append(alts, secretPattern(s))
		}
	}
	if len(alts) > 0 {
		r.re = regexp.MustCompile(strings.Join(alts, "|"))
	}
	return r
}

// Redact replaces every form of every secret in s with Redacted.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	for _, l := range r.long {
		s = strings.ReplaceAll(s, l, Redacted)
	}
	if r.re != nil {
		s = r.re.ReplaceAllLiteralString(s, Redacted)
	}
	return s
}

// jsonShort are the short escapes of JSON and Go string literals.
var jsonShort = map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`}

// secretPattern matches s with each character in any of the forms Redactor lists.
func secretPattern(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		char := s[:n]
		s = s[n:]
		alts := []string{regexp.QuoteMeta(char)}
		var pct strings.Builder
		for _, c := range []byte(char) {
			fmt.Fprintf(&pct, "%%(?i:%02x)", c)
		}
		alts = append(alts, pct.String())
		if r == ' ' {
			alts = append(alts, `\+`)
		}
		// An escape's backslash, itself escaped any number of times: \\+ in the pattern.
		if short, ok := jsonShort[r]; ok {
			alts = append(alts, `\\+`+regexp.QuoteMeta(short[1:]))
		}
		if r != utf8.RuneError || n > 1 {
			if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
				alts = append(alts, fmt.Sprintf(`\\+u(?i:%04x)\\+u(?i:%04x)`, hi, lo))
			} else {
				alts = append(alts, fmt.Sprintf(`\\+u(?i:%04x)`, r))
			}
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	return b.String()
}

// basicAuthForms are the base64 forms of a basic-auth credential, as the Authorization
// header carries it (and URL-safe); without padding, so a padded copy loses its text too.
func basicAuthForms(user, password string) []string {
	cred := []byte(user + ":" + password)
	return []string{base64.RawStdEncoding.EncodeToString(cred), base64.RawURLEncoding.EncodeToString(cred)}
}

// RedactURL shows a URL without its password. When the URL does not parse, or parses
// as opaque ("user:pass@host" reads as scheme "user"), where a userinfo would end is
// unsure (a raw password may hold '/' or '@'), so everything from the scheme's "//" to
// the last '@' is dropped.
func RedactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Opaque == "" {
		return u.Redacted()
	}
	at := strings.LastIndexByte(raw, '@')
	if at < 0 {
		return raw
	}
	scheme, _, ok := strings.Cut(raw[:at], "//")
	if !ok {
		return raw[at+1:]
	}
	return scheme + "//" + raw[at+1:]
}
