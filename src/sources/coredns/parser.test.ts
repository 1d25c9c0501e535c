import { parseCoreDns } from './parser';
import { COREDNS_LINES, MALFORMED_LINES } from '../testdata/lines';
import type { ParsedEvent } from '../types';

function ok(line: string, entryTimeMs?: number): ParsedEvent {
  const res = parseCoreDns(line, { entryTimeMs });
  if (!res.ok) {
    throw new Error(`expected a parse: ${res.error.kind} ${res.error.message}`);
  }
  return res.event;
}

describe('parseCoreDns', () => {
  it('parses the common format', () => {
    const ev = ok(COREDNS_LINES.common);
    expect(ev.fields).toEqual({
      level: 'INFO',
      'client.ip': '10.244.0.5',
      'client.port': 40129,
      'query.id': 61327,
      'query.type': 'A',
      'query.class': 'IN',
      'query.name': 'example.com.',
      'query.domain': 'example.com',
      proto: 'udp',
      size: 29,
      do: false,
      bufsize: 512,
      rcode: 'NOERROR',
      rflags: ['qr', 'rd', 'ra'],
      rsize: 45,
      duration_s: 0.000123,
      'entity.ip': '10.244.0.5',
      'entity.domain': 'example.com',
    });
    expect(ev.timeFrom).toBe('none');
    expect(ev.framed).toBeUndefined();
  });

  it('uses the entry time when the line has none', () => {
    expect(ok(COREDNS_LINES.common, 1_795_000_000_000)).toMatchObject({ timeMs: 1_795_000_000_000, timeFrom: 'entry' });
  });

  it('reads the opcode of the combined format', () => {
    expect(ok(COREDNS_LINES.combined).fields.opcode).toBe('QUERY');
    expect(ok(COREDNS_LINES.common).fields.opcode).toBeUndefined();
  });

  it('unbrackets IPv6 clients', () => {
    const f = ok(COREDNS_LINES.ipv6).fields;
    expect(f['client.ip']).toBe('fd00::5');
    expect(f['client.port']).toBe(53124);
    expect(f.do).toBe(true);
    expect(f.duration_s).toBeCloseTo(0.004560831, 12);
  });

  it('takes the time of a CRI frame, nanoseconds included', () => {
    const ev = ok(COREDNS_LINES.cri, 1);
    expect(ev.framed).toBe('cri');
    expect(ev.timeMs).toBe(Date.parse('2026-11-20T10:00:05.007Z'));
    expect(ev.timeNs).toBe('919123');
    expect(ev.timeFrom).toBe('frame');
    expect(ev.fields['query.domain']).toBe('pool.supportxmr.com');
    expect(ev.line.startsWith('[INFO] ')).toBe(true);
  });

  it('takes the time of a docker json-file frame', () => {
    const ev = ok(COREDNS_LINES.dockerJson);
    expect(ev.framed).toBe('docker-json');
    expect(ev.timeMs).toBe(Date.parse('2026-11-20T10:00:06.5Z'));
    expect(ev.fields).toMatchObject({
      proto: 'tcp',
      bufsize: 65535,
      'query.name': 'kubernetes.default.svc.cluster.local.',
    });
  });

  it('handles NXDOMAIN, SERVFAIL and the timestamped layout of old CoreDNS', () => {
    expect(ok(COREDNS_LINES.nxdomain).fields).toMatchObject({ rcode: 'NXDOMAIN', 'query.type': 'TXT' });
    expect(ok(COREDNS_LINES.servfail).fields).toMatchObject({
      rcode: 'SERVFAIL',
      rflags: ['qr', 'rd'],
      duration_s: 2.000361,
    });
    expect(ok(COREDNS_LINES.oldTimestamped)).toMatchObject({
      timeMs: Date.parse('2018-03-01T10:00:00.123Z'),
      timeFrom: 'line',
    });
  });

  it('lower-cases query.domain but keeps query.name as logged', () => {
    const line = COREDNS_LINES.common.replace('example.com.', 'ExAmple.COM.');
    expect(ok(line).fields).toMatchObject({ 'query.name': 'ExAmple.COM.', 'query.domain': 'example.com' });
  });

  it.each([
    ['unknownCoreDns', 'not-event'],
    ['plainText', 'unknown-format'],
    ['empty', 'empty'],
    ['binary', 'binary'],
    ['huge', 'too-long'],
  ])('rejects %s as %s', (name, kind) => {
    const res = parseCoreDns(MALFORMED_LINES[name]);
    expect(!res.ok && res.error.kind).toBe(kind);
  });

  it('rejects layouts with a missing or garbled part', () => {
    for (const bad of [
      '[INFO] 10.0.0.1 - 1 "A IN x. udp 1 false 512" NOERROR qr 1 0.1s',
      '[INFO] 10.0.0.1:53 - 1 "A IN x. udp" NOERROR qr 1 0.1s',
      '[INFO] 10.0.0.1:53 - 1 "A IN x. udp 1 false 512" NOERROR qr 1 fast',
      '[INFO] 10.0.0.1:53 - x "A IN x. udp 1 false 512" NOERROR qr 1 0.1s',
    ]) {
      const res = parseCoreDns(bad);
      expect(!res.ok && res.error.kind).toBe('unknown-format');
    }
  });
});
