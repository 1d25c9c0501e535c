/** @jest-environment node */
// Semantics of the oracle beyond the documentation vectors, each tied to docs/dev/logql.md / the Loki docs.
import { LogEntry, OracleUnsupportedError, evaluateInstant, evaluateLogs, evaluateRange, parseLogQL } from '.';

const S = BigInt(1_000_000_000);
const T0 = BigInt(1_704_067_200) * S;
const sec = (n: number) => T0 + BigInt(n) * S;
const entry = (
  line: string,
  at = 1,
  labels: Record<string, string> = { job: 'x' },
  metadata?: Record<string, string>
): LogEntry => ({
  labels,
  line,
  ts: sec(at),
  metadata,
});
const logs = (query: string, entries: LogEntry[]) =>
  evaluateLogs(query, entries, T0, sec(1000), 1000, 'forward').map((e) => ({ labels: e.labels, line: e.line }));

describe('parseLogQL', () => {
  it('returns no errors for a valid query and positions for invalid ones', () => {
    expect(parseLogQL('sum by (a) (rate({job="x"} | json [1m]))').errors).toEqual([]);
    const errors = parseLogQL('{job="x"} | json | a > ').errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].from).toBeGreaterThanOrEqual(19);
  });
});

describe('unsupported constructs', () => {
  it.each([
    ['sum by (a) (quantile_over_time(0.9, {job="x"} | unwrap d [1m]))', /oracle does not support/],
    ['stddev(count_over_time({job="x"}[1m]))', /oracle does not support aggregation stddev/],
    ['{job="x"} | unpack', /oracle does not support the unpack parser/],
    ['{job="x"} |= ip("10.0.0.1")', /oracle does not support ip\(\) line filters/],
    ['{job="x"} | line_format "{{if .a}}y{{end}}"', /oracle does not support template control structures/],
    [
      'count_over_time({job="x"}[1m]) / on (job) count_over_time({job="x"}[1m])',
      /oracle does not support binary operator modifiers/,
    ],
  ])('%s throws a clear error', (query, message) => {
    const run = () =>
      query.startsWith('{') ? logs(query, [entry('a=1')]) : evaluateInstant(query, [entry('a=1')], sec(30));
    expect(run).toThrow(OracleUnsupportedError);
    expect(run).toThrow(message);
  });
});

describe('stream selection and line filters', () => {
  const entries = [
    entry('GET /a', 1, { job: 'x', env: 'prod' }),
    entry('POST /b', 2, { job: 'x' }),
    entry('DEL /c', 3, { job: 'y' }),
  ];
  it('treats a missing stream label as ""', () => {
    expect(logs('{job="x", env=""}', entries).map((e) => e.line)).toEqual(['POST /b']);
    expect(logs('{job=~"x|y", env!="prod"}', entries).map((e) => e.line)).toEqual(['POST /b', 'DEL /c']);
  });
  it('or in a positive filter is any; in a negative filter it is none', () => {
    expect(logs('{job=~".+"} |= "GET" or "DEL"', entries).map((e) => e.line)).toEqual(['GET /a', 'DEL /c']);
    expect(logs('{job=~".+"} != "GET" or "DEL"', entries).map((e) => e.line)).toEqual(['POST /b']);
  });
  it('|= "" keeps every line and != "" none', () => {
    expect(logs('{job="x"} |= ""', entries)).toHaveLength(2);
    expect(logs('{job="x"} != ""', entries)).toHaveLength(0);
  });
  it('regex line filters are unanchored and (?i) is case-insensitive', () => {
    expect(logs('{job="x"} |~ "(?i)get"', entries).map((e) => e.line)).toEqual(['GET /a']);
  });
});

describe('parsers', () => {
  it('json: null and arrays skipped, numbers keep their text, trailing bytes ignored', () => {
    expect(logs('{job="x"} | json', [entry('{"a":null,"b":[1],"c":1.50,"d":true,"e":{"f":1e3}}x')])[0].labels).toEqual({
      c: '1.50',
      d: 'true',
      e_f: '1e3',
      job: 'x',
    });
  });
  it('json: labels before a syntax error are kept with __error__', () => {
    const [e] = logs('{job="x"} | json', [entry('{"a":"1","b":')]);
    expect(e.labels).toMatchObject({ a: '1', __error__: 'JSONParserErr' });
  });
  it('json parameters: a missing path gives "" and nulls give ""', () => {
    expect(logs('{job="x"} | json a="nope", b="n"', [entry('{"n":null}')])[0].labels).toEqual({
      a: '',
      b: '',
      job: 'x',
    });
  });
  it('the first parsed value wins across keys and parser stages', () => {
    expect(logs('{job="x"} | logfmt | json', [entry('a=1 a=2')])[0].labels).toMatchObject({ a: '1' });
    expect(logs('{job="x"} | regexp "(?P<a>\\\\d)" | logfmt', [entry('a=7 9')])[0].labels).toMatchObject({ a: '7' });
  });
  it('pattern: a missing literal makes the capture take the rest; a leading literal anchors', () => {
    expect(logs('{job="x"} | pattern "<path>?<_>"', [entry('/api/status')])[0].labels).toEqual({
      job: 'x',
      path: '/api/status',
    });
    expect(logs('{job="x"} | pattern "foo <f> bar<g>"', [entry('foo buzz bar')])[0].labels).toEqual({
      f: 'buzz',
      g: '',
      job: 'x',
    });
    expect(logs('{job="x"} | pattern "GET <p>"', [entry('POST /x')])[0].labels).toEqual({ job: 'x' });
  });
  it('regexp without a match adds nothing and no error', () => {
    expect(logs('{job="x"} | regexp "(?P<n>\\\\d+)"', [entry('none')])[0].labels).toEqual({ job: 'x' });
  });
  it('structured metadata behaves like labels after |', () => {
    expect(
      logs('{job="x"} | trace="t1"', [entry('a', 1, { job: 'x' }, { trace: 't1' }), entry('b', 2)]).map((e) => e.line)
    ).toEqual(['a']);
  });
});

describe('label filters and formatting', () => {
  it('numeric, duration and bytes comparisons convert the label', () => {
    const entries = [entry('n=5 d=1m30s b=2KiB'), entry('n=50 d=10s b=1KB')];
    expect(logs('{job="x"} | logfmt | n >= 10', entries).map((e) => e.labels.n)).toEqual(['50']);
    expect(logs('{job="x"} | logfmt | d > 1m', entries).map((e) => e.labels.n)).toEqual(['5']);
    expect(logs('{job="x"} | logfmt | b > 1.5KB', entries).map((e) => e.labels.n)).toEqual(['5']);
  });
  it('line_format functions and label_format templates see labels at stage start', () => {
    expect(
      logs('{job="x"} | logfmt | line_format "{{ .a | ToUpper }}-{{.missing}}-{{__line__}}"', [entry('a=b')])[0].line
    ).toBe('B--a=b');
    expect(
      logs('{job="x"} | logfmt | label_format a="{{.b}}", b="{{.a}}"', [entry('a=1 b=2')])[0].labels
    ).toMatchObject({ a: '2', b: '1' });
  });
  it('keep never drops __error__', () => {
    expect(logs('{job="x"} | json | keep a', [entry('nope')])[0].labels).toMatchObject({ __error__: 'JSONParserErr' });
  });
});

describe('metric evaluation', () => {
  const entries = [entry('a', 0), entry('b', 60), entry('c', 61), entry('d', 120)];
  it('the window is (t - range, t]', () => {
    expect(evaluateInstant('count_over_time({job="x"}[1m])', entries, sec(60))).toEqual([
      { labels: { job: 'x' }, value: 1 },
    ]);
    expect(evaluateInstant('count_over_time({job="x"}[1m])', entries, sec(120))).toEqual([
      { labels: { job: 'x' }, value: 2 },
    ]);
  });
  it('groups by every listed label, not only the last one', () => {
    const multi = [
      entry('x', 10, { job: 'x', a: '1', b: 'p' }),
      entry('y', 11, { job: 'x', a: '1', b: 'q' }),
      entry('z', 12, { job: 'x', a: '2', b: 'q' }),
      entry('w', 13, { job: 'x', a: '2', b: 'q' }),
    ];
    const res = evaluateInstant('sum by (a, b) (count_over_time({job="x"}[1m]))', multi, sec(30));
    expect(res).toEqual(
      expect.arrayContaining([
        { labels: { a: '1', b: 'p' }, value: 1 },
        { labels: { a: '1', b: 'q' }, value: 1 },
        { labels: { a: '2', b: 'q' }, value: 2 },
      ])
    );
    expect(res).toHaveLength(3);
  });
  it('rate divides by the range in seconds', () => {
    expect(evaluateInstant('rate({job="x"}[1m])', entries, sec(120))[0].value).toBeCloseTo(2 / 60);
  });
  it('range queries step from start to end inclusive and skip empty steps', () => {
    const [series] = evaluateRange('count_over_time({job="x"}[30s])', entries, sec(30), sec(150), BigInt(30) * S);
    expect(series.points.map((p) => [Number((p.t - T0) / S), p.value])).toEqual([
      [60, 1],
      [90, 1],
      [120, 1],
    ]);
  });
  it('scalar on the left of a comparison keeps the vector value', () => {
    expect(evaluateInstant('1 < count_over_time({job="x"}[1m])', entries, sec(120))).toEqual([
      { labels: { job: 'x' }, value: 2 },
    ]);
  });
  it('grouping on count_over_time itself is rejected, as in Loki', () => {
    expect(() => evaluateInstant('count_over_time({job="x"}[1m]) by (job)', entries, sec(60))).toThrow(
      /grouping not allowed|parse error/
    );
  });
  it('log queries honour limit and direction', () => {
    const newest = evaluateLogs('{job="x"}', entries, T0, sec(1000), 2, 'backward').map((e) => e.line);
    expect(newest).toEqual(['d', 'c']);
  });
});
