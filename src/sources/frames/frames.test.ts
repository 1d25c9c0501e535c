import {
  CriReassembler,
  MAX_LINE_LENGTH,
  guardLine,
  parseRfc3339,
  unframeCri,
  unframeDockerJson,
  unframeJournald,
  unframeSyslog,
} from '.';

describe('frames', () => {
  it('parses RFC 3339 with 0–9 fraction digits and offsets', () => {
    expect(parseRfc3339('2026-11-20T10:00:05Z')).toEqual({ ms: Date.parse('2026-11-20T10:00:05Z') });
    expect(parseRfc3339('2026-11-20T10:00:05.1Z')).toEqual({ ms: Date.parse('2026-11-20T10:00:05.100Z') });
    expect(parseRfc3339('2026-11-20T10:00:05.123456789+02:00')).toEqual({
      ms: Date.parse('2026-11-20T08:00:05.123Z'),
      ns: '456789',
    });
    expect(parseRfc3339('2026-11-20 10:00:05Z')).toBeUndefined();
    expect(parseRfc3339('2026-13-40T10:00:05Z')).toBeUndefined();
  });

  it('reads the char-code fast path and the Date.parse fallback the same way', () => {
    // Fast path: day ≤ 28, `Z`/`z` or ±hh:mm. Fallback: later days, `+hhmm`, second 60.
    const cases: Array<[string, string, string?]> = [
      ['2026-11-20t10:00:05.000000001z', '2026-11-20T10:00:05.000Z', '1'],
      ['2026-11-20T10:00:05.12-05:30', '2026-11-20T15:30:05.120Z'],
      ['2026-11-20T23:59:59.9990+01:00', '2026-11-20T22:59:59.999Z', '0'],
      ['2026-01-31T10:00:05.5Z', '2026-01-31T10:00:05.500Z'],
      ['2026-11-20T10:00:05+0100', '2026-11-20T09:00:05.000Z'],
      ['1999-12-31T23:59:59.1234567Z', '1999-12-31T23:59:59.123Z', '456700'],
    ];
    for (const [text, utc, ns] of cases) {
      expect([text, parseRfc3339(text)]).toEqual([
        text,
        ns === undefined ? { ms: Date.parse(utc) } : { ms: Date.parse(utc), ns },
      ]);
    }
    for (const bad of [
      '2026-11-20T10:00:60Z',
      '2026-11-20T10:00:05.Z',
      '2026-11-20T10:00:05.1234567890Z',
      '2026-11-20T10:00:05+1:00',
      '2026-11-20T10:00:05',
    ]) {
      expect([bad, parseRfc3339(bad)]).toEqual([bad, undefined]);
    }
  });

  it('strips CRI frames and rejects look-alikes', () => {
    expect(unframeCri('2026-11-20T10:00:05.5Z stderr P part one')).toMatchObject({
      body: 'part one',
      partial: true,
      framed: 'cri',
    });
    expect(unframeCri('2026-11-20T10:00:05.5Z stdout F')).toMatchObject({ body: '', partial: false });
    expect(unframeCri('2026-11-20T10:00:05.5Z stdin F x')).toBeUndefined();
    expect(unframeCri('2026-11-20T10:00:05.5Z stdout X x')).toBeUndefined();
  });

  it('strips docker json-file frames and their newline', () => {
    expect(
      unframeDockerJson('{"log":"hello\\n","stream":"stdout","time":"2026-11-20T10:00:05.000000001Z"}')
    ).toMatchObject({
      body: 'hello',
      time: { ms: Date.parse('2026-11-20T10:00:05Z'), ns: '1' },
    });
    expect(unframeDockerJson('{"log":5}')).toBeUndefined();
    expect(unframeDockerJson('{"log":"x"')).toBeUndefined();
  });

  it('strips syslog headers with and without PRI, and their tag', () => {
    const ref = Date.parse('2026-11-25T00:00:00Z');
    expect(unframeSyslog('<4>Nov  2 01:02:03 host-a kernel: msg', ref)).toMatchObject({
      body: 'msg',
      host: 'host-a',
      tag: 'kernel',
      time: { ms: Date.parse('2026-11-02T01:02:03Z') },
    });
    expect(unframeSyslog('Nov 22 10:00:01 node1 sshd[123]: Accepted', ref)).toMatchObject({
      body: 'Accepted',
      tag: 'sshd',
    });
    expect(unframeSyslog('<6>1 2026-11-22T10:00:01Z node1 kernel: x', ref)).toMatchObject({ body: 'x', host: 'node1' });
    expect(unframeSyslog('Foo 22 10:00:01 node1 kernel: x', ref)).toBeUndefined();
  });

  it('reads journald byte-array messages', () => {
    const bytes = Array.from(new TextEncoder().encode('IN=eth0 OUT= SRC=1.1.1.1'));
    expect(unframeJournald(JSON.stringify({ MESSAGE: bytes, _HOSTNAME: 'n' }))).toMatchObject({
      body: 'IN=eth0 OUT= SRC=1.1.1.1',
      host: 'n',
    });
    expect(unframeJournald('{"MESSAGE":{"x":1}}')).toBeUndefined();
  });

  it('guards without scanning a huge line', () => {
    expect(guardLine('ok')).toBeUndefined();
    const res = guardLine('a'.repeat(MAX_LINE_LENGTH + 1));
    expect(res && !res.ok && res.error.kind).toBe('too-long');
    expect(res && !res.ok && res.error.excerpt.length).toBe(200);
    const bin = guardLine('a\u0000b');
    expect(bin && !bin.ok && bin.error.excerpt).toBe('a\ufffdb');
  });

  it('joins CRI partial lines and flushes a dangling one', () => {
    const r = new CriReassembler();
    expect(r.push('2026-11-20T10:00:05Z stdout P {"a":')).toEqual([]);
    expect(r.push('2026-11-20T10:00:06Z stdout P 1,')).toEqual([]);
    expect(r.push('2026-11-20T10:00:07Z stdout F "b":2}')).toEqual(['2026-11-20T10:00:05Z stdout F {"a":1,"b":2}']);
    expect(r.push('bare line')).toEqual(['bare line']);
    expect(r.push('2026-11-20T10:00:08Z stdout P half')).toEqual([]);
    expect(r.push('bare again')).toEqual(['2026-11-20T10:00:08Z stdout F half', 'bare again']);
    expect(r.end()).toEqual([]);
  });
});
