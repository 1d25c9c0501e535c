import fc from 'fast-check';
import { parser } from '@grafana/lezer-logql';
import {
  QueryEscapeError,
  escapeRegex,
  goQuote,
  logqlContainsFilter,
  logqlMatcher,
  logsqlExactFilter,
  logsqlPhraseFilter,
  logsqlSubstringFilter,
  promqlMatcher,
  quoteLogQLRegexLiteral,
  quoteLogQLString,
  quoteLogQLStringPreferRaw,
  sanitizeLabelName,
} from './escape';
import { unquoteGoString } from './unquote';

/** Parses a LogQL query and returns the texts of its String nodes; fails on any error node. */
function parseStrings(query: string): string[] {
  const strings: string[] = [];
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(node.from);
      } else if (node.name === 'String') {
        strings.push(query.slice(node.from, node.to));
      }
    },
  });
  if (errors.length > 0) {
    throw new Error(`parse error at ${errors.join(', ')} in ${query}`);
  }
  return strings;
}

function decode(literal: string): string {
  const res = unquoteGoString(literal);
  if (!res.ok) {
    throw new Error(`${literal}: ${res.error}`);
  }
  return res.value;
}

// Full Unicode, ASCII with controls, and strings dense in the characters that matter.
const anyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.string({
    unit: fc.constantFrom(
      '\\',
      '"',
      '`',
      "'",
      '\n',
      '\r',
      '\t',
      '|',
      '{',
      '}',
      '=',
      '~',
      ' ',
      'a',
      'é',
      '\u0000',
      '\u007f',
      '\u2028',
      '😀'
    ),
  })
);

describe('LogQL string quoting', () => {
  const contexts: Array<[string, (lit: string) => string]> = [
    ['stream selector', (lit) => `{job=${lit}}`],
    ['stream regex matcher', (lit) => `{job=~${lit}}`],
    ['line filter', (lit) => `{job="x"} |= ${lit}`],
    ['or line filter', (lit) => `{job="x"} |~ ${lit} or ${lit}`],
    ['label filter', (lit) => `{job="x"} | json | user!=${lit}`],
    ['json parameter', (lit) => `{job="x"} | json user=${lit}`],
    ['line_format', (lit) => `{job="x"} | line_format ${lit}`],
    ['metric query', (lit) => `sum by (a) (count_over_time({job="x"} |= ${lit} [5m])) > 1`],
  ];
  it.each(contexts)('round-trips any value through the lezer grammar in a %s', (_name, build) => {
    fc.assert(
      fc.property(anyString, (value) => {
        for (const lit of [quoteLogQLString(value), quoteLogQLStringPreferRaw(value)]) {
          const query = build(lit);
          const literals = parseStrings(query);
          // The structure is unchanged: exactly the literals we placed, each decoding to the input.
          const expectedCount = query.split(lit).length - 1;
          expect(literals.filter((l) => l === lit)).toHaveLength(expectedCount);
          expect(decode(lit)).toBe(value);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('escapes backslash, quote and control characters with Go escapes', () => {
    expect(quoteLogQLString('a"b\\c\nd\te\r\u0000\u007f')).toBe('"a\\"b\\\\c\\nd\\te\\r\\x00\\x7f"');
    expect(quoteLogQLString('é😀')).toBe('"é😀"');
  });

  it('uses backticks only when the value has no backtick or control character', () => {
    expect(quoteLogQLStringPreferRaw('\\d+"x"')).toBe('`\\d+"x"`');
    expect(quoteLogQLStringPreferRaw('a`b')).toBe('"a`b"');
    expect(quoteLogQLStringPreferRaw('a\rb')).toBe('"a\\rb"');
  });

  it('rejects lone surrogates with a clear error', () => {
    expect(() => quoteLogQLString('a\ud800b')).toThrow(QueryEscapeError);
    expect(() => quoteLogQLStringPreferRaw('\udc00')).toThrow(/lone UTF-16 surrogate at index 0/);
    expect(quoteLogQLString('\ud83d\ude00')).toBe('"😀"');
  });
});

describe('regex escaping', () => {
  it('matches exactly the input, anchored, under RE2-compatible syntax', () => {
    fc.assert(
      fc.property(anyString, anyString, (value, other) => {
        const re = new RegExp(`^(?:${escapeRegex(value)})$`, 'u');
        expect(re.test(value)).toBe(true);
        expect(re.test(other)).toBe(other === value);
      }),
      { numRuns: 500 }
    );
  });

  it('quotes a regex literal that parses and decodes to the escaped form', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const lit = quoteLogQLRegexLiteral(value);
        expect(parseStrings(`{job="x"} |~ ${lit}`)).toEqual(['"x"', lit]);
        expect(decode(lit)).toBe(escapeRegex(value));
      }),
      { numRuns: 300 }
    );
  });

  it('escapes the Go regexp.QuoteMeta set', () => {
    expect(escapeRegex('a.b*c+d?e(f)g|h[i]j{k}l^m$n\\o-p')).toBe(
      'a\\.b\\*c\\+d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o-p'
    );
  });
});

describe('LogQL builders', () => {
  it('builds matchers and line filters that parse', () => {
    const q = `{${logqlMatcher('namespace', '=', 'kube"system')}, ${logqlMatcher('pod', '=~', 'api-.*')}} ${logqlContainsFilter('a|b')} ${logqlContainsFilter('x', true)}`;
    expect(q).toBe('{namespace="kube\\"system", pod=~`api-.*`} |= "a|b" != "x"');
    expect(parseStrings(q)).toHaveLength(4);
  });

  it('rejects invalid label names', () => {
    expect(() => logqlMatcher('a-b', '=', 'x')).toThrow(/invalid label name "a-b"/);
    expect(() => promqlMatcher('1a', '=', 'x')).toThrow(QueryEscapeError);
  });

  it('sanitises keys like Loki parsers do', () => {
    expect(sanitizeLabelName('a.b-c')).toBe('a_b_c');
    expect(sanitizeLabelName(' 1x:y ')).toBe('_1x_y');
    expect(sanitizeLabelName('héllo')).toBe('h_llo');
  });
});

describe('LogsQL and PromQL quoting', () => {
  it('round-trips any value through Go string literal rules', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(decode(goQuote(value))).toBe(value);
        expect(decode(promqlMatcher('job', '=', value).slice('job='.length))).toBe(value);
        expect(decode(logsqlExactFilter('kind', value).slice('"kind":='.length))).toBe(value);
      }),
      { numRuns: 500 }
    );
  });

  it('builds LogsQL filters', () => {
    expect(logsqlExactFilter('user.name', 'a"b')).toBe('"user.name":="a\\"b"');
    expect(logsqlPhraseFilter('ssh: login fail')).toBe('"_msg":"ssh: login fail"');
    expect(logsqlSubstringFilter('1.2.3.4', 'ip')).toBe('"ip":~"1\\\\.2\\\\.3\\\\.4"');
  });
});

describe('unquoteGoString', () => {
  it.each([
    ['"a\\x41\\u00e9\\U0001F600\\101"', 'aAé😀A'],
    ['`\\d+`', '\\d+'],
    ['"\\a\\b\\f\\v"', '\u0007\b\f\v'],
  ])('decodes %s', (literal, value) => {
    expect(decode(literal)).toBe(value);
  });

  it.each([
    ['"\\d"', /unknown escape \\d/],
    ['"a\nb"', /unescaped newline/],
    ['"\\377"', /not valid UTF-8/],
    ['"\\ud800"', /bad \\u escape|not a valid code point/],
    ['"\\uD800"', /not a valid code point/],
    ['"a"b"', /unescaped quote/],
    ['`a`b`', /backtick inside raw string/],
    ["'a'", /not a quoted string/],
  ])('rejects %s', (literal, error) => {
    const res = unquoteGoString(literal);
    expect(res.ok).toBe(false);
    expect(res.ok ? '' : res.error).toMatch(error);
  });
});
